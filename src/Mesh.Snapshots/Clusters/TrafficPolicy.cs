namespace Mesh.Snapshots.Clusters;

/// <summary>How traffic to a cluster or subset is balanced, limited, health-checked and secured.</summary>
public sealed record TrafficPolicy
{
    /// <summary>Load balancing.</summary>
    public LoadBalancerSettings? LoadBalancer { get; init; }

    /// <summary>Connection pool limits (circuit breaking).</summary>
    public ConnectionPoolSettings? ConnectionPool { get; init; }

    /// <summary>Passive health checking.</summary>
    public OutlierDetection? OutlierDetection { get; init; }

    /// <summary>TLS towards the upstream.</summary>
    public ClientTlsSettings? Tls { get; init; }

    /// <summary>Overrides for single destination ports.</summary>
    public IReadOnlyList<PortTrafficPolicy> PortLevelSettings { get; init; } = [];
}
