namespace Mesh.Rules.Model;

/// <summary>How a service entry's endpoints are found.</summary>
public enum ServiceResolution
{
    /// <summary><c>none</c>.</summary>
    None,

    /// <summary><c>static</c>.</summary>
    Static,

    /// <summary><c>dns</c>.</summary>
    Dns,

    /// <summary><c>dns_round_robin</c>.</summary>
    DnsRoundRobin,
}
