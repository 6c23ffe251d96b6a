namespace Mesh.Snapshots.Clusters;

/// <summary>Ring hash parameters.</summary>
public sealed record RingHashSettings
{
    /// <summary>Minimum number of virtual nodes on the ring (Envoy's default 1024).</summary>
    public int MinimumRingSize { get; init; } = 1024;
}
