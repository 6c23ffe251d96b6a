namespace Mesh.Snapshots.Clusters;

/// <summary>
/// Locality-aware routing. Localities are <c>region/zone/subzone</c> with <c>*</c> wildcards. Without
/// <see cref="Distribute"/>, traffic stays in the closest locality that has healthy endpoints (same
/// subzone, then zone, then region, then the <see cref="Failover"/> regions, then anywhere).
/// </summary>
public sealed record LocalityLoadBalancing
{
    /// <summary>Whether locality-aware routing is on (Istio enables it when outlier detection is set).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Explicit shares of traffic per destination locality, by source locality.</summary>
    public IReadOnlyList<LocalityDistribute> Distribute { get; init; } = [];

    /// <summary>Which region to fail over to when a region has no healthy endpoints.</summary>
    public IReadOnlyList<LocalityFailover> Failover { get; init; } = [];
}
