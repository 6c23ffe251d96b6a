using System.Globalization;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The snapshot a sidecar's egress pipeline serves for one host outside its upstreams. A host with a compiled snapshot
/// gets its virtual service routes and destination rule clusters; a <c>service_entry</c> host among them dials each
/// port through a cluster of its own (<c>host:port</c>, a copy of the host's cluster), so that a request naming a port
/// reaches that entry port. A host without one gets a bare route: a catalog service to its instances, an external or
/// passthrough host to a cluster per requested port, and requests naming no port to the host's default port.
/// </summary>
internal static class EgressRoutes
{
    private const string BareVersion = "egress";

    /// <param name="host">The requested host.</param>
    /// <param name="info">What the registry said about it; null when it could not be asked.</param>
    /// <param name="requestedPorts">The ports requests for the host named.</param>
    /// <param name="compiled">The host's compiled snapshot; null when it has none.</param>
    public static ProxySnapshot For(string host, ExternalHost? info, IReadOnlyCollection<int> requestedPorts, ProxySnapshot? compiled)
    {
        if (info is { Known: true, IsExternal: false })
        {
            return compiled ?? Bare(host, []);
        }

        return compiled is not null && info is { IsExternal: true }
            ? PerPort(compiled, host, requestedPorts, DialledPorts(info, requestedPorts))
            : Bare(host, requestedPorts);
    }

    /// <summary>The ports of an external host that get a cluster of their own: those requested and the entry's.</summary>
    public static IReadOnlyList<int> DialledPorts(ExternalHost info, IReadOnlyCollection<int> requestedPorts) =>
        [.. requestedPorts.Union(info.Ports.Select(p => p.Number)).Order()];

    /// <summary>The cluster serving <paramref name="host"/> on <paramref name="port"/>, or the host's default port without one.</summary>
    public static string ClusterName(string host, int? port) =>
        port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;

    private static ProxySnapshot Bare(string host, IReadOnlyCollection<int> ports)
    {
        var routes = new List<HttpRoute>();
        var clusters = new List<Cluster> { new() { Host = host } };
        foreach (var port in ports)
        {
            var cluster = ClusterName(host, port);
            routes.Add(new HttpRoute { Name = "egress:" + cluster, Match = [new HttpMatch { Port = port }], Route = [new RouteDestination { Host = cluster }] });
            clusters.Add(new Cluster { Host = cluster });
        }

        routes.Add(new HttpRoute { Name = "egress:" + host, Route = [new RouteDestination { Host = host }] });
        return new ProxySnapshot { Version = BareVersion, Host = host, Http = routes, Clusters = clusters };
    }

    /// <summary>
    /// The compiled routes once per requested port, restricted to that port and sent to its cluster, then as compiled
    /// for requests naming no port; a destination naming a port goes to that port's cluster.
    /// </summary>
    private static ProxySnapshot PerPort(ProxySnapshot compiled, string host, IReadOnlyCollection<int> requestedPorts, IReadOnlyList<int> dialled)
    {
        var own = compiled.Clusters.FirstOrDefault(c => string.Equals(c.Host, host, StringComparison.OrdinalIgnoreCase)) ?? new Cluster { Host = host };
        var clusters = new List<Cluster>(compiled.Clusters);
        if (!clusters.Contains(own))
        {
            clusters.Add(own);
        }

        clusters.AddRange(dialled.Select(p => own with { Host = ClusterName(host, p) }));
        var routes = new List<HttpRoute>();
        foreach (var port in requestedPorts)
        {
            routes.AddRange(compiled.Http.Select(r => OnPort(r, port)).OfType<HttpRoute>().Select(r => Dial(r, host, port, dialled)));
        }

        routes.AddRange(compiled.Http.Select(r => Dial(r, host, null, dialled)));
        return compiled with { Http = routes, Clusters = clusters };
    }

    /// <summary>The route restricted to requests on <paramref name="port"/>; null when none of its matches can hold there.</summary>
    private static HttpRoute? OnPort(HttpRoute route, int port)
    {
        if (route.Match.Count == 0)
        {
            return route with { Match = [new HttpMatch { Port = port }] };
        }

        var matches = route.Match.Where(m => m.Port is null || m.Port == port).Select(m => m with { Port = port }).ToList();
        return matches.Count == 0 ? null : route with { Match = matches };
    }

    /// <summary>Sends the route's destinations of <paramref name="host"/> to the cluster of their port (the destination's, else the request's).</summary>
    private static HttpRoute Dial(HttpRoute route, string host, int? requestPort, IReadOnlyList<int> dialled) => route with
    {
        Route = [.. route.Route.Select(d => string.Equals(d.Host, host, StringComparison.OrdinalIgnoreCase) && (d.Port ?? requestPort) is { } port && dialled.Contains(port)
            ? d with { Host = ClusterName(host, port) }
            : d)],
    };
}
