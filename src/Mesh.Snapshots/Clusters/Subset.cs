namespace Mesh.Snapshots.Clusters;

/// <summary>A named group of endpoints selected by labels (Consul service meta and <c>key=value</c> tags).</summary>
public sealed record Subset
{
    /// <summary>The subset name.</summary>
    public required string Name { get; init; }

    /// <summary>Labels every endpoint of the subset carries.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels.Instance;

    /// <summary>Overrides of the cluster's policy, field by field (load balancer, connection pool, outlier detection, TLS, port-level settings).</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }
}
