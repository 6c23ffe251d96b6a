using System.Collections.Concurrent;
using Mesh.Agent.Endpoints;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Agent.Gateways;

/// <summary>
/// The route table of a gateway. The proxy looks routes up by the request's host, while a gateway snapshot is stored
/// under <c>gateway:&lt;name&gt;</c> with each route restricted by an authority regex; so every host a request names
/// gets a copy of the gateway's routes under that host, plus, when the outbound policy lets it through, a last route
/// to the host itself (egress to <c>service_entry</c> hosts, or any host under <c>allow_any</c>).
/// </summary>
internal sealed partial class GatewayRouter(
    HostRegistry registry, GatewayEndpointSource endpoints, GatewayTlsProvider tls, OutboundTrafficPolicy policy, TimeProvider time, ILogger logger)
{
    private const int MaxHosts = 1024;
    private static readonly TimeSpan s_recheck = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ExternalHost Info, DateTimeOffset At)> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _rebuild = new();
    private ProxySnapshot? _gateway;

    /// <summary>The table the gateway's proxy serves.</summary>
    public RouteTableHolder Routes { get; } = new();

    /// <summary>Serves a new gateway snapshot; a table that does not build keeps the previous one.</summary>
    public void Apply(ProxySnapshot gateway)
    {
        _gateway = gateway;
        foreach (var cluster in gateway.Clusters)
        {
            endpoints.Consul.Track(cluster.Host, cluster.Service);
        }

        foreach (var destination in gateway.Http.SelectMany(r => r.Route).Concat(gateway.Tcp.SelectMany(r => r.Route)))
        {
            endpoints.Consul.Track(destination.Host);
            _ = ResolveDestinationAsync(destination.Host);
        }

        Rebuild();
    }

    /// <summary>Whether a request for an unknown host must be refused (it matched no gateway route).</summary>
    public bool Refuses(ExternalHost host) => !host.Known && policy == OutboundTrafficPolicy.RegistryOnly;

    /// <summary>Makes sure the table serves <paramref name="host"/>; returns what the registry says about it.</summary>
    public async Task<ExternalHost> PrepareAsync(string host, int? port, CancellationToken cancellationToken)
    {
        if (_hosts.TryGetValue(host, out var known) && time.GetUtcNow() - known.At < s_recheck)
        {
            return known.Info;
        }

        var info = await registry.LookupAsync(host, cancellationToken).ConfigureAwait(false);
        Reach(info, port);
        if (_hosts.Count >= MaxHosts)
        {
            _hosts.Clear();
        }

        _hosts[host] = (info, time.GetUtcNow());
        Rebuild();
        return info;
    }

    private async Task ResolveDestinationAsync(string host)
    {
        try
        {
            Reach(await registry.LookupAsync(host, CancellationToken.None).ConfigureAwait(false), null);
        }
        catch (HttpRequestException e)
        {
            LogLookupFailed(logger, host, e.Message);
        }
    }

    private void Reach(ExternalHost info, int? port)
    {
        if (info.IsExternal)
        {
            var (targets, serverName) = ExternalTargets.For(info, port);
            endpoints.SetStatic(info.Host, targets);
            tls.Reach(info, port, targets, serverName);
        }
        else if (info.Known)
        {
            endpoints.Consul.Track(info.Host);
        }
        else if (policy == OutboundTrafficPolicy.AllowAny)
        {
            endpoints.SetExternal(info.Host, port ?? 80);
        }
    }

    private void Rebuild()
    {
        if (_gateway is not { } gateway)
        {
            return;
        }

        lock (_rebuild)
        {
            var snapshots = _hosts.Values.Select(h => ForHost(gateway, h.Info)).ToList();
            try
            {
                Routes.Swap(RouteTable.Build(snapshots, []));
            }
            catch (ArgumentException e)
            {
                LogRebuildFailed(logger, gateway.Host, e.Message);
            }
        }
    }

    private ProxySnapshot ForHost(ProxySnapshot gateway, ExternalHost host)
    {
        if (Refuses(host))
        {
            return gateway with { Host = host.Host };
        }

        var fallback = new HttpRoute { Name = "egress:" + host.Host, Route = [new RouteDestination { Host = host.Host }] };
        var clusters = gateway.Clusters.Any(c => string.Equals(c.Host, host.Host, StringComparison.OrdinalIgnoreCase))
            ? gateway.Clusters
            : [.. gateway.Clusters, new Cluster { Host = host.Host }];
        return gateway with { Host = host.Host, Http = [.. gateway.Http, fallback], Clusters = clusters };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the routes of {Gateway} failed, the previous table keeps serving: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string gateway, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up the destination {Host} in the registry failed: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string host, string error);
}
