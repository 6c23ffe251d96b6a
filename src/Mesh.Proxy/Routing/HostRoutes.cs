using System.Collections.Frozen;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Routing;

/// <summary>The compiled routes and clusters of one destination host (one <see cref="ProxySnapshot"/>).</summary>
internal sealed class HostRoutes
{
    private readonly CompiledRoute[] _routes;

    /// <summary>Compiles the snapshot.</summary>
    public HostRoutes(ProxySnapshot snapshot)
    {
        Snapshot = snapshot;
        _routes = new CompiledRoute[snapshot.Http.Count];
        for (var i = 0; i < _routes.Length; i++)
        {
            _routes[i] = new CompiledRoute(snapshot.Http[i]);
        }

        var clusters = new Dictionary<string, Cluster>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < snapshot.Clusters.Count; i++)
        {
            clusters[snapshot.Clusters[i].Host] = snapshot.Clusters[i];
        }

        Clusters = clusters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The source snapshot.</summary>
    public ProxySnapshot Snapshot { get; }

    /// <summary>The destination host name.</summary>
    public string Host => Snapshot.Host;

    /// <summary>Clusters (destination rules) by host.</summary>
    public FrozenDictionary<string, Cluster> Clusters { get; }

    /// <summary>Ordered routes.</summary>
    public IReadOnlyList<CompiledRoute> Routes => _routes;

    /// <summary>First route that matches wins.</summary>
    public CompiledRoute? Match(HttpRequest request, int port, out RouteMatcher? matched)
    {
        for (var i = 0; i < _routes.Length; i++)
        {
            if (_routes[i].TryMatch(request, port, out matched))
            {
                return _routes[i];
            }
        }

        matched = null;
        return null;
    }
}
