namespace Mesh.Snapshots.Clusters;

/// <summary>Load balancing: a simple algorithm or a consistent hash, plus locality preferences.</summary>
public sealed record LoadBalancerSettings
{
    /// <summary>The simple algorithm; ignored when <see cref="ConsistentHash"/> is set. Istio's default is least request.</summary>
    public LoadBalancerKind Simple { get; init; } = LoadBalancerKind.LeastRequest;

    /// <summary>Session affinity by a hash of a request attribute.</summary>
    public ConsistentHashSettings? ConsistentHash { get; init; }

    /// <summary>Locality-aware routing.</summary>
    public LocalityLoadBalancing? Locality { get; init; }
}
