namespace Mesh.Proxy.Observability;

/// <summary>
/// Who this proxy is, filled by the agent: the local service's name, version, namespace and SPIFFE principal,
/// and the proxy's role. Used for the source labels (outbound) or destination labels (inbound) of its metrics.
/// </summary>
public sealed record ProxyIdentity
{
    /// <summary>The local service (or gateway) name; null when unknown.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The local service's version (its subset label); null when unknown.</summary>
    public string? Version { get; init; }

    /// <summary>The local service's namespace; null when unknown.</summary>
    public string? Namespace { get; init; }

    /// <summary>The local workload's SPIFFE id; null when it has none.</summary>
    public string? Principal { get; init; }

    /// <summary>The side this proxy reports from. Default <see cref="ProxyRole.Outbound"/>.</summary>
    public ProxyRole Role { get; init; } = ProxyRole.Outbound;
}
