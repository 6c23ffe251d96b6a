using Mesh.Proxy.Balancing;
using Mesh.Proxy.Routing;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Tcp;

/// <summary>Chooses the destination of a new TCP connection from a host's <c>tcp</c> routes.</summary>
internal static class TcpRouteSelector
{
    /// <summary>
    /// The destination for a connection to <paramref name="host"/>:<paramref name="port"/>: the first <c>tcp</c> route
    /// whose ports include the port (or that lists none), one of its destinations drawn by weight. Without a matching
    /// route the host itself, as Istio's default route. Null when the route's weights are all zero.
    /// </summary>
    public static RouteDestination? Select(HostRoutes? routes, string host, int port, ProxyRandom random)
    {
        var tcp = routes?.Snapshot.Tcp ?? [];
        for (var i = 0; i < tcp.Count; i++)
        {
            var route = tcp[i];
            if (route.Ports.Count == 0 || route.Ports.Contains(port))
            {
                return Pick(route.Route, random);
            }
        }

        return new RouteDestination { Host = host };
    }

    /// <summary>Draws a destination by weight (a single destination always wins).</summary>
    public static RouteDestination? Pick(IReadOnlyList<RouteDestination> destinations, ProxyRandom random)
    {
        if (destinations.Count <= 1)
        {
            return destinations.Count == 0 ? null : destinations[0];
        }

        var total = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            total += Math.Max(0, destinations[i].Weight);
        }

        if (total <= 0)
        {
            return null;
        }

        var roll = random.Next(total);
        for (var i = 0; i < destinations.Count; i++)
        {
            roll -= Math.Max(0, destinations[i].Weight);
            if (roll < 0)
            {
                return destinations[i];
            }
        }

        return null;
    }

    /// <summary>The cluster (destination rule) of <paramref name="host"/>: the routing host's own, else the target host's snapshot's.</summary>
    public static Cluster? FindCluster(RouteTable table, HostRoutes? routes, string host)
    {
        if (routes is not null && routes.Clusters.TryGetValue(host, out var cluster))
        {
            return cluster;
        }

        return table.TryGetHost(host, out var other) && other.Clusters.TryGetValue(host, out cluster) ? cluster : null;
    }
}
