namespace Mesh.Snapshots.Clusters;

/// <summary>A destination host compiled from its destination rule: the Consul service behind it, subsets and traffic policy.</summary>
public sealed record Cluster
{
    /// <summary>The destination host routes refer to.</summary>
    public required string Host { get; init; }

    /// <summary>The Consul service whose passing instances are the endpoints; defaults to <see cref="Host"/>.</summary>
    public string? Service { get; init; }

    /// <summary>Traffic policy for the whole cluster.</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }

    /// <summary>Named subsets.</summary>
    public IReadOnlyList<Subset> Subsets { get; init; } = [];
}
