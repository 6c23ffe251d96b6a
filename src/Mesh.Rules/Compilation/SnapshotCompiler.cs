using Mesh.Rules.Model;
using Mesh.Rules.Validation;
using Mesh.Snapshots;
using ServicePort = Mesh.Snapshots.ServicePort;
using S = Mesh.Snapshots.Routing;

namespace Mesh.Rules.Compilation;

/// <summary>
/// Compiles validated rules and a catalog into proxy snapshots: one per destination host (every catalog service, every
/// service entry host, every host a mesh virtual service names) and one per gateway (<c>gateway:&lt;name&gt;</c>).
/// The output is deterministic: the same rules, catalog, version and time give byte-identical serialized snapshots.
/// </summary>
public static class SnapshotCompiler
{
    /// <summary>The host prefix of gateway snapshots.</summary>
    public const string GatewayHostPrefix = "gateway:";

    /// <summary>Compiles the rules against the catalog.</summary>
    /// <param name="rules">The rules, already validated.</param>
    /// <param name="catalog">The services, their instances and the trust domain.</param>
    /// <param name="version">The version stamped on every snapshot.</param>
    /// <param name="time">The clock for <see cref="ProxySnapshot.GeneratedAt"/>.</param>
    public static CompileResult Compile(RuleSet rules, CatalogSnapshot catalog, string version, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(time);
        var ctx = new CompileContext(rules, catalog);
        var now = time.GetUtcNow();
        ReferenceChecks.Check(ctx);

        var meshServices = rules.OfKind<VirtualService>()
            .Where(vs => HostNames.AppliesTo(vs.Gateways, HostNames.Mesh))
            .OrderBy(vs => vs.Name, StringComparer.Ordinal)
            .ToList();
        var claims = new HostIndex<VirtualService>(meshServices, vs => vs.Hosts);

        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        hosts.UnionWith(ctx.KnownHosts.Where(h => !HostNames.IsWildcard(h)));
        hosts.UnionWith(meshServices.SelectMany(vs => vs.Hosts).Select(HostNames.Canonical).Where(h => !HostNames.IsWildcard(h)));

        var snapshots = new List<ProxySnapshot>();
        foreach (var host in hosts)
        {
            snapshots.Add(Host(host, ClaimingService(host, claims.Covering(host), ctx), ctx, version, now));
        }

        foreach (var gateway in rules.OfKind<Gateway>().OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            snapshots.Add(GatewayCompiler.Compile(gateway, ctx, version, now));
        }

        snapshots.Sort((a, b) => string.CompareOrdinal(a.Host, b.Host));
        return new CompileResult { Snapshots = snapshots, Findings = [.. ctx.Findings] };
    }

    private static ProxySnapshot Host(string host, VirtualService? vs, CompileContext ctx, string version, DateTimeOffset now)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal) { host };
        List<S.HttpRoute> http;
        List<S.TcpRoute> tcp;
        if (vs is null)
        {
            http = [RouteConverter.DefaultRoute(host)];
            tcp = [];
        }
        else
        {
            http = [.. vs.Http.Select(r => RouteConverter.Http(r, HostNames.Mesh, null, ctx, referenced)).OfType<S.HttpRoute>()];
            tcp = [.. vs.Tcp.Select(r => RouteConverter.Tcp(r, HostNames.Mesh, ctx, referenced)).OfType<S.TcpRoute>()];
        }

        return new ProxySnapshot
        {
            Version = version,
            Host = host,
            GeneratedAt = now,
            Ports = Ports(host, ctx),
            StaticEndpoints = StaticEndpoints(host, ctx),
            Http = http,
            Tcp = tcp,
            Clusters = ClusterBuilder.Build(referenced, ctx),
            Inbound = SecurityConverter.Inbound(host, ctx),
        };
    }

    /// <summary>The mesh virtual service that claims a host: exact hosts beat wildcards; on a tie the first by name wins.</summary>
    private static VirtualService? ClaimingService(string host, List<VirtualService> services, CompileContext ctx)
    {
        VirtualService? best = null;
        var bestScore = -1;
        foreach (var vs in services)
        {
            var score = vs.Hosts.Select(HostNames.Canonical).Where(p => HostNames.Covers(p, host)).Select(HostNames.Specificity).DefaultIfEmpty(-1).Max();
            if (score < 0)
            {
                continue;
            }

            if (score > bestScore)
            {
                best = vs;
                bestScore = score;
            }
            else if (score == bestScore && best is not null)
            {
                ctx.Warn(RuleCodes.HostConflict, "Two virtual services claim one host",
                    $"{Findings.Describe(vs)} and {Findings.Describe(best)} both claim \"{host}\" on the mesh; \"{best.Name}\" is used.",
                    Findings.At(vs, vs.Ranges, "hosts"), "Merge the routes into one virtual service per host.");
            }
        }

        return best;
    }

    /// <summary>
    /// The endpoints of a host from the <c>endpoint</c> blocks of the service entries naming it with
    /// <c>resolution = "static"</c> (ordered by entry name, then as written); empty for any other host.
    /// </summary>
    private static List<StaticEndpoint> StaticEndpoints(string host, CompileContext ctx)
    {
        var endpoints = new List<StaticEndpoint>();
        foreach (var entry in ctx.ServiceEntries.Covering(host))
        {
            if (entry.Resolution != ServiceResolution.Static)
            {
                continue;
            }

            foreach (var endpoint in entry.Endpoints)
            {
                endpoints.Add(new StaticEndpoint
                {
                    Address = endpoint.Address,
                    Ports = new SortedDictionary<string, int>(endpoint.Ports.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                    Labels = new SortedDictionary<string, string>(endpoint.Labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                    Weight = endpoint.Weight,
                });
            }
        }

        return endpoints;
    }

    /// <summary>The ports of a host, from the service entries naming it (catalog services are HTTP on every port).</summary>
    private static List<ServicePort> Ports(string host, CompileContext ctx)
    {
        var ports = new SortedDictionary<int, ServicePort>();
        foreach (var entry in ctx.ServiceEntries.Covering(host))
        {
            foreach (var port in entry.Ports)
            {
                if (port.Number is { } number)
                {
                    ports.TryAdd(number, new ServicePort { Number = number, Protocol = GatewayCompiler.Protocol(port.Protocol), Name = port.Name.Length == 0 ? null : port.Name });
                }
            }
        }

        return [.. ports.Values];
    }
}
