using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Tcp;

/// <summary>The TCP connection settings of a cluster for one destination port (Istio's <c>connection_pool.tcp</c>).</summary>
internal sealed record TcpClusterPolicy
{
    /// <summary>Istio's default connect timeout.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Istio's default idle timeout for TCP proxy connections.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromHours(1);

    /// <summary>How long establishing the upstream connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>Most connections open to the cluster through this proxy at once.</summary>
    public int MaxConnections { get; init; } = int.MaxValue;

    /// <summary>How long a connection may carry no bytes in either direction before it is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>
    /// Resolves the pool settings field by field: the subset's port-level settings, the subset's, the cluster's
    /// port-level settings, then the cluster's.
    /// </summary>
    public static TcpClusterPolicy Resolve(Cluster? cluster, string? subset, int port)
    {
        TrafficPolicy? subsetPolicy = null;
        if (cluster is not null && subset is not null)
        {
            for (var i = 0; i < cluster.Subsets.Count; i++)
            {
                if (string.Equals(cluster.Subsets[i].Name, subset, StringComparison.Ordinal))
                {
                    subsetPolicy = cluster.Subsets[i].TrafficPolicy;
                }
            }
        }

        TcpPoolSettings?[] layers =
        [
            PortLevel(subsetPolicy, port)?.ConnectionPool?.Tcp,
            subsetPolicy?.ConnectionPool?.Tcp,
            PortLevel(cluster?.TrafficPolicy, port)?.ConnectionPool?.Tcp,
            cluster?.TrafficPolicy?.ConnectionPool?.Tcp,
        ];

        var connect = First(layers, static t => t.ConnectTimeout is { } v && v > TimeSpan.Zero ? v : null);
        var idle = First(layers, static t => t.IdleTimeout is { } v && v > TimeSpan.Zero ? v : null);
        int? max = null;
        foreach (var layer in layers)
        {
            if (layer?.MaxConnections is { } m and > 0)
            {
                max = m;
                break;
            }
        }

        return new TcpClusterPolicy
        {
            ConnectTimeout = connect ?? DefaultConnectTimeout,
            IdleTimeout = idle ?? DefaultIdleTimeout,
            MaxConnections = max ?? int.MaxValue,
        };
    }

    private static PortTrafficPolicy? PortLevel(TrafficPolicy? policy, int port)
    {
        var ports = policy?.PortLevelSettings ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i].Port == port)
            {
                return ports[i];
            }
        }

        return null;
    }

    private static TimeSpan? First(TcpPoolSettings?[] layers, Func<TcpPoolSettings, TimeSpan?> field)
    {
        foreach (var layer in layers)
        {
            if (layer is not null && field(layer) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
