namespace Mesh.Snapshots.Clusters;

/// <summary>Limits on connections and requests to a cluster (Istio's connection pool).</summary>
public sealed record ConnectionPoolSettings
{
    /// <summary>TCP-level limits.</summary>
    public TcpPoolSettings? Tcp { get; init; }

    /// <summary>HTTP-level limits.</summary>
    public HttpPoolSettings? Http { get; init; }
}
