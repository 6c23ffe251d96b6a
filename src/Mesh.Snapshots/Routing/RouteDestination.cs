namespace Mesh.Snapshots.Routing;

/// <summary>A weighted destination of a route: a cluster (host), optionally a subset and a port.</summary>
public sealed record RouteDestination
{
    /// <summary>The destination host; a <see cref="Clusters.Cluster"/> with the same host must be in the snapshot.</summary>
    public required string Host { get; init; }

    /// <summary>The subset name, defined by the cluster.</summary>
    public string? Subset { get; init; }

    /// <summary>The destination port; null keeps the port the client used.</summary>
    public int? Port { get; init; }

    /// <summary>Relative weight; with a single destination the weight is ignored.</summary>
    public int Weight { get; init; } = 100;

    /// <summary>Header changes applied only when this destination is chosen.</summary>
    public HeaderOperations? Headers { get; init; }
}
