namespace Mesh.Snapshots.Clusters;

/// <summary>Traffic policy for one destination port, overriding the cluster's field by field.</summary>
public sealed record PortTrafficPolicy
{
    /// <summary>The destination port.</summary>
    public int Port { get; init; }

    /// <summary>Load balancing.</summary>
    public LoadBalancerSettings? LoadBalancer { get; init; }

    /// <summary>Connection pool limits.</summary>
    public ConnectionPoolSettings? ConnectionPool { get; init; }

    /// <summary>Passive health checking.</summary>
    public OutlierDetection? OutlierDetection { get; init; }

    /// <summary>TLS towards the upstream.</summary>
    public ClientTlsSettings? Tls { get; init; }
}
