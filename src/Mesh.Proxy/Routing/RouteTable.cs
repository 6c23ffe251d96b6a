using System.Collections.Frozen;
using Mesh.Snapshots;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Routing;

/// <summary>
/// Immutable routing state compiled once from one <see cref="ProxySnapshot"/> per destination host.
/// Swap it through <see cref="RouteTableHolder"/>; requests keep the table they started with.
/// </summary>
public sealed class RouteTable
{
    /// <summary>Suffixes under which a short host name is also reachable (Consul DNS names).</summary>
    public static readonly IReadOnlyList<string> DefaultAliasSuffixes = ["service.consul"];

    private readonly FrozenDictionary<string, HostRoutes> _hosts;

    private RouteTable(FrozenDictionary<string, HostRoutes> hosts, long generation)
    {
        _hosts = hosts;
        Generation = generation;
    }

    /// <summary>An empty table: every host is unknown.</summary>
    public static RouteTable Empty { get; } = new(FrozenDictionary<string, HostRoutes>.Empty, 0);

    /// <summary>A number that grows with each table compiled in this process.</summary>
    public long Generation { get; }

    /// <summary>The destination hosts this table serves (without aliases).</summary>
    public IEnumerable<string> Hosts
    {
        get
        {
            foreach (var routes in _hosts.Values)
            {
                yield return routes.Host;
            }
        }
    }

    private static long s_generation;

    /// <summary>
    /// Compiles snapshots into a table. A short host <c>reviews</c> is also reachable as
    /// <c>reviews.&lt;suffix&gt;</c> for each alias suffix, and <c>reviews.service.consul</c> as <c>reviews</c>.
    /// </summary>
    /// <param name="snapshots">One snapshot per destination host.</param>
    /// <param name="aliasSuffixes">Domain suffixes for aliases; <see cref="DefaultAliasSuffixes"/> when null.</param>
    /// <exception cref="ArgumentException">A regular expression in a match does not compile.</exception>
    public static RouteTable Build(IEnumerable<ProxySnapshot> snapshots, IReadOnlyList<string>? aliasSuffixes = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        aliasSuffixes ??= DefaultAliasSuffixes;
        var exact = new Dictionary<string, HostRoutes>(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, HostRoutes>(StringComparer.OrdinalIgnoreCase);
        foreach (var snapshot in snapshots)
        {
            var routes = new HostRoutes(snapshot);
            exact[snapshot.Host] = routes;
            for (var i = 0; i < aliasSuffixes.Count; i++)
            {
                var suffix = "." + aliasSuffixes[i];
                if (!snapshot.Host.Contains('.', StringComparison.Ordinal))
                {
                    aliases[snapshot.Host + suffix] = routes;
                }
                else if (snapshot.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    aliases[snapshot.Host[..^suffix.Length]] = routes;
                }
            }
        }

        // Exact names win over aliases.
        foreach (var (name, routes) in exact)
        {
            aliases[name] = routes;
        }

        return new RouteTable(aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), Interlocked.Increment(ref s_generation));
    }

    /// <summary>Compiles a single host's snapshot, throwing when it cannot be loaded (so the caller can keep the last good one).</summary>
    public static void Validate(ProxySnapshot snapshot) => _ = new HostRoutes(snapshot);

    /// <summary>Looks up a host (the Host header without its port).</summary>
    internal bool TryGetHost(string host, out HostRoutes routes) => _hosts.TryGetValue(host, out routes!);

    /// <summary>Finds the first matching route of a request for a host, for tests and tooling.</summary>
    public HttpRoute? Match(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_hosts.TryGetValue(request.Host.Host, out var routes))
        {
            return null;
        }

        return routes.Match(request, request.Host.Port ?? 80, out _)?.Source;
    }
}
