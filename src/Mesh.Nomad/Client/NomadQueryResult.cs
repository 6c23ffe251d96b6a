namespace Mesh.Nomad.Client;

/// <summary>The answer of a blocking query with its metadata headers.</summary>
/// <param name="Value">The body.</param>
/// <param name="Index">X-Nomad-Index: pass it back to block for the next change.</param>
/// <param name="KnownLeader">X-Nomad-KnownLeader.</param>
/// <param name="LastContact">X-Nomad-LastContact.</param>
internal sealed record NomadQueryResult<T>(T Value, ulong Index, bool KnownLeader, TimeSpan LastContact);
