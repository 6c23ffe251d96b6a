using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Destination rule <c>port_level_settings</c>: a per-port policy whose set fields override the subset's and the
/// cluster's. Like Envoy, which builds one cluster per port, traffic to a port with its own settings gets its own
/// cluster state (balancer, circuit breaker, outlier counters).
/// </summary>
internal static class PortPolicy
{
    /// <summary>
    /// The port to key cluster state by: <paramref name="port"/> when the effective policy of the (cluster, subset)
    /// has settings for it, else 0 (all ports share one state).
    /// </summary>
    public static int KeyPort(Cluster? cluster, string? subset, int port) =>
        port > 0 && Find(cluster?.TrafficPolicy, FindSubset(cluster, subset)?.TrafficPolicy, port) is not null ? port : 0;

    /// <summary>The subset rule named <paramref name="subset"/>, if the cluster defines it.</summary>
    public static Subset? FindSubset(Cluster? cluster, string? subset)
    {
        if (subset is null || cluster is null)
        {
            return null;
        }

        for (var i = 0; i < cluster.Subsets.Count; i++)
        {
            if (string.Equals(cluster.Subsets[i].Name, subset, StringComparison.Ordinal))
            {
                return cluster.Subsets[i];
            }
        }

        return null;
    }

    /// <summary>The port's settings: the subset's list when it has one, else the cluster's.</summary>
    public static PortTrafficPolicy? Find(TrafficPolicy? clusterPolicy, TrafficPolicy? subsetPolicy, int port)
    {
        if (port <= 0)
        {
            return null;
        }

        var list = subsetPolicy is { PortLevelSettings.Count: > 0 } ? subsetPolicy.PortLevelSettings : clusterPolicy?.PortLevelSettings;
        if (list is null)
        {
            return null;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Port == port)
            {
                return list[i];
            }
        }

        return null;
    }
}
