namespace Mesh.Snapshots.Clusters;

/// <summary>TCP connection limits.</summary>
public sealed record TcpPoolSettings
{
    /// <summary>Maximum connections to each endpoint; null means unlimited.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Connect timeout (Istio's default 10s).</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Idle time after which a TCP proxy connection is closed.</summary>
    public TimeSpan? IdleTimeout { get; init; }
}
