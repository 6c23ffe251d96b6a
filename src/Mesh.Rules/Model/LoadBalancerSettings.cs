namespace Mesh.Rules.Model;

/// <summary>Load balancing (<c>load_balancer</c> block).</summary>
public sealed record LoadBalancerSettings
{
    /// <summary>A simple algorithm.</summary>
    public SimpleLoadBalancer? Simple { get; init; }

    /// <summary>Session affinity by hashing.</summary>
    public ConsistentHash? ConsistentHash { get; init; }

    /// <summary>Locality-aware load balancing.</summary>
    public LocalityLbSetting? Locality { get; init; }

    /// <summary>Slow start for new instances.</summary>
    public TimeSpan? WarmupDuration { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
