using Mesh.Agent.Endpoints;
using Mesh.Agent.Snapshots;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Agent.Gateways;

/// <summary>
/// The route table of a gateway. The proxy looks routes up by the request's host, while a gateway snapshot is stored
/// under <c>gateway:&lt;name&gt;</c> with each route restricted by an authority regex; so every host a request names
/// gets a copy of the gateway's routes under that host, plus, when the outbound policy lets it through, a last route
/// to the host itself (egress to <c>service_entry</c> hosts, or any host under <c>allow_any</c>). A host the mesh
/// knows is followed in its own compiled snapshot, whose cluster (the host's destination rule: traffic policy and
/// <c>tls</c>) serves that fallback route, as the gateway snapshot's cluster serves a host its routes name.
/// </summary>
internal sealed partial class GatewayRouter
{
    private const int MaxHosts = 1024;
    private static readonly TimeSpan s_recheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_firstSnapshot = TimeSpan.FromSeconds(3);
    private readonly RecentHosts<RequestedHost> _hosts = new(MaxHosts);
    private readonly Lock _rebuild = new();
    private readonly HostRegistry _registry;
    private readonly SnapshotManager _snapshots;
    private readonly MeshFirstEndpointSource<ConsulEndpointSource> _endpoints;
    private readonly GatewayTlsProvider _tls;
    private readonly OutboundTrafficPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ProxySnapshot? _gateway;

    public GatewayRouter(
        HostRegistry registry, SnapshotManager snapshots, MeshFirstEndpointSource<ConsulEndpointSource> endpoints, GatewayTlsProvider tls, OutboundTrafficPolicy policy, TimeProvider time, ILogger logger)
    {
        _registry = registry;
        _snapshots = snapshots;
        _endpoints = endpoints;
        _tls = tls;
        _policy = policy;
        _time = time;
        _logger = logger;
        _snapshots.Changed += OnSnapshotChanged;
    }

    /// <summary>The table the gateway's proxy serves.</summary>
    public RouteTableHolder Routes { get; } = new();

    /// <summary>Serves a new gateway snapshot; a table that does not build keeps the previous one.</summary>
    public void Apply(ProxySnapshot gateway)
    {
        _gateway = gateway;
        foreach (var cluster in gateway.Clusters)
        {
            _endpoints.Mesh.Track(cluster.Host, cluster.Service);
        }

        foreach (var destination in gateway.Http.SelectMany(r => r.Route).Concat(gateway.Tcp.SelectMany(r => r.Route)))
        {
            _endpoints.Mesh.Track(destination.Host);
            _ = ResolveDestinationAsync(destination.Host);
        }

        Rebuild();
    }

    /// <summary>Whether a request for an unknown host must be refused (it matched no gateway route).</summary>
    public bool Refuses(ExternalHost host) => !host.Known && _policy == OutboundTrafficPolicy.RegistryOnly;

    /// <summary>Makes sure the table serves <paramref name="host"/>; returns what the registry says about it.</summary>
    public async Task<ExternalHost> PrepareAsync(string host, int? port, CancellationToken cancellationToken)
    {
        if (_hosts.TryUse(host, out var known) && _time.GetUtcNow() - known.At < s_recheck)
        {
            return known.Info;
        }

        var info = await _registry.LookupAsync(host, cancellationToken).ConfigureAwait(false);
        Reach(info, port);
        if (info.Known)
        {
            await _snapshots.TrackAsync(host, s_firstSnapshot, cancellationToken).ConfigureAwait(false);
        }

        Forget(_hosts.Remember(host, new RequestedHost(info, _time.GetUtcNow(), port)));
        Rebuild();
        return info;
    }

    /// <summary>
    /// Releases the endpoints set for hosts forgotten to make room (any host under <c>allow_any</c> would otherwise grow
    /// the gateway without bound), except those the gateway's own routes name.
    /// </summary>
    private void Forget(IReadOnlyList<(string Host, RequestedHost Entry)> forgotten)
    {
        if (forgotten.Count == 0)
        {
            return;
        }

        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (_gateway is { } gateway)
        {
            named.UnionWith(gateway.Clusters.Select(c => c.Host));
            named.UnionWith(gateway.Http.SelectMany(r => r.Route).Concat(gateway.Tcp.SelectMany(r => r.Route)).Select(d => d.Host));
        }

        _endpoints.Remove(forgotten.Select(f => f.Host).Where(h => !named.Contains(h)));
    }

    private async Task ResolveDestinationAsync(string host)
    {
        try
        {
            Reach(await _registry.LookupAsync(host, CancellationToken.None).ConfigureAwait(false), null);
        }
        catch (HttpRequestException e)
        {
            LogLookupFailed(_logger, host, e.Message);
        }
    }

    private void Reach(ExternalHost info, int? port)
    {
        if (info.IsExternal)
        {
            var (targets, serverName) = ExternalTargets.For(info, port);
            _endpoints.Set(info.Host, targets);
            _tls.Reach(info, port, targets, serverName);
        }
        else if (info.Known)
        {
            _endpoints.Mesh.Track(info.Host);
        }
        else if (_policy == OutboundTrafficPolicy.AllowAny)
        {
            _endpoints.SetDnsName(info.Host, port ?? 80);
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
            var snapshots = _hosts.Entries.Select(h => ForHost(gateway, h.Entry.Info)).ToList();
            try
            {
                Routes.Swap(RouteTable.Build(snapshots, []));
            }
            catch (ArgumentException e)
            {
                LogRebuildFailed(_logger, gateway.Host, e.Message);
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
            : [.. gateway.Clusters, OwnCluster(host.Host)];
        return gateway with { Host = host.Host, Http = [.. gateway.Http, fallback], Clusters = clusters };
    }

    /// <summary>The host's cluster from its own compiled snapshot (its destination rule), or a bare one.</summary>
    private Cluster OwnCluster(string host) =>
        _snapshots.Get(host)?.Current?.Clusters.FirstOrDefault(c => string.Equals(c.Host, host, StringComparison.OrdinalIgnoreCase))
        ?? new Cluster { Host = host };

    private void OnSnapshotChanged(string host)
    {
        if (!_hosts.TryGet(host, out var known))
        {
            return;
        }

        // A service_entry host's ports and static endpoints arrive with its compiled snapshot: dial what it says now
        // rather than after the next registry lookup, up to 30 s later.
        if (known.Info.IsExternal && _snapshots.Get(host)?.Compiled is { } compiled && ExternalHost.Compiled(host, compiled) is { IsExternal: true } info)
        {
            if (!_hosts.Update(host, known with { Info = info }))
            {
                return;
            }

            Reach(info, known.Port);
        }

        Rebuild();
    }

    /// <summary>What the registry said about a host a request named, when, and the request's port.</summary>
    private sealed record RequestedHost(ExternalHost Info, DateTimeOffset At, int? Port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the routes of {Gateway} failed, the previous table keeps serving: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string gateway, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up the destination {Host} in the registry failed: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string host, string error);
}
