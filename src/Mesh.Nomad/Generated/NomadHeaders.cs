namespace Mesh.Nomad.Generated;

/// <summary>The HTTP headers of Nomad's API that the client reads or sends.</summary>
internal static class NomadHeaders
{
    public const string Token = "X-Nomad-Token";
    public const string Index = "X-Nomad-Index";
    public const string KnownLeader = "X-Nomad-KnownLeader";
    public const string LastContact = "X-Nomad-LastContact";
}
