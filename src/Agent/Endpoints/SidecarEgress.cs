using System.Diagnostics.Metrics;
using Mesh.Agent.Gateways;
using Mesh.Consul;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Requests of a sidecar's outbound HTTP listener for hosts its route table does not serve (Istio's sidecar routing
/// by <c>Host</c>): a <c>service_entry</c> host is dialled directly (static endpoints or its DNS name, TLS origination
/// for https/tls ports), a catalog service through the mesh, an unknown host passes through by DNS on the requested
/// port under <c>allow_any</c> (PassthroughCluster) or gets 502 <c>NR</c> under <c>registry_only</c> (BlackHoleCluster).
/// A meshed host is served with its compiled snapshot (virtual service routes, destination rule clusters), followed
/// from its first request (which waits a moment for Consul's first answer) until the host is dropped; see
/// <see cref="EgressRoutes"/>. These hosts are served by a second proxy pipeline with its own route table, so the
/// sidecar's own table stays as its snapshots built it.
/// </summary>
internal sealed partial class SidecarEgress : IAsyncDisposable
{
    private const int MaxHosts = 1024;
    private static readonly TimeSpan s_recheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_firstEndpoints = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_firstSnapshot = TimeSpan.FromSeconds(3);
    private readonly EgressSettings _settings;
    private readonly IEndpointSource _meshEndpoints;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RecentHosts<EgressHost> _hosts = new(MaxHosts);
    private readonly Lock _rebuild = new();
    private RouteTableHolder? _meshRoutes;
    private HashSet<string> _meshHosts = new(StringComparer.OrdinalIgnoreCase);
    private ServiceProvider? _provider;
    private RequestDelegate? _pipeline;

    public SidecarEgress(EgressSettings settings, IEndpointSource meshEndpoints, IUpstreamTlsProvider meshTls, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _meshEndpoints = meshEndpoints;
        _time = time;
        _logger = logger;
        Endpoints = new MeshFirstEndpointSource<IEndpointSource>(meshEndpoints);
        Tls = new EgressTlsProvider(meshTls, new TlsOrigination(settings.ExternalTrust));
    }

    /// <summary>The endpoints both pipelines dial: the mesh's, then those of hosts outside it.</summary>
    public MeshFirstEndpointSource<IEndpointSource> Endpoints { get; }

    /// <summary>The TLS both pipelines use: mesh mTLS, then origination to <c>service_entry</c> https/tls ports.</summary>
    public EgressTlsProvider Tls { get; }

    /// <summary>The route table of hosts outside the sidecar's own table.</summary>
    public RouteTableHolder Routes { get; } = new();

    /// <summary>The policy for unknown hosts.</summary>
    public OutboundTrafficPolicy Policy => _settings.Policy;

    /// <summary>
    /// How many hosts outside the sidecar's table are remembered (looked up, endpoints set): at most 1,024, the least
    /// recently used forgotten first (<see cref="RecentHosts{T}"/>).
    /// </summary>
    public int RememberedHosts => _hosts.Count;

    /// <summary>Whether <paramref name="host"/> is remembered.</summary>
    public bool Remembers(string host) => _hosts.TryGet(host, out _);

    /// <summary>Starts the egress pipeline with the mesh pipeline's services (logging, clock, meters, observability, locality).</summary>
    public void Start(IServiceProvider mesh)
    {
        _meshRoutes = mesh.GetRequiredService<RouteTableHolder>();
        _meshRoutes.Swapped += OnMeshSwapped;
        OnMeshSwapped(_meshRoutes.Current);
        if (_settings.Snapshots is { } followed)
        {
            followed.Changed += OnFollowedChanged;
        }

        var services = new ServiceCollection();
        services.AddSingleton(mesh.GetRequiredService<ILoggerFactory>());
        services.AddLogging();
        services.AddSingleton(_time);
        services.AddSingleton<IEndpointSource>(Endpoints);
        services.AddSingleton<IUpstreamTlsProvider>(Tls);
        services.AddSingleton(Routes);
        services.AddSingleton(mesh.GetRequiredService<IMeterFactory>());
        if (mesh.GetService<ProxyLocality>() is { } locality)
        {
            services.AddSingleton(locality);
        }

        services.AddMeshProxy();
        services.ConfigureMeshObservability(mesh.GetRequiredService<ProxyObservabilityOptions>());
        _provider = services.BuildServiceProvider();
        var app = new ApplicationBuilder(_provider);
        app.RunMeshProxy();
        _pipeline = app.Build();
    }

    /// <summary>Handles a request: the sidecar's own table when it serves the host, else egress, passthrough or refusal.</summary>
    public Task HandleAsync(HttpContext context, RequestDelegate mesh)
    {
        var host = context.Request.Host.Host;

        // The common case, a host of the sidecar's own table that has endpoints, stays synchronous: no extra state
        // machine on every request.
        if (host.Length == 0 || _pipeline is null || (_meshHosts.Contains(host) && _meshEndpoints.GetEndpoints(host).Count > 0))
        {
            return mesh(context);
        }

        return RouteOutsideTableAsync(context, mesh, host);
    }

    private async Task RouteOutsideTableAsync(HttpContext context, RequestDelegate mesh, string host)
    {
        var port = context.Request.Host.Port;
        if (_meshHosts.Contains(host))
        {
            // A service_entry host among the upstreams has no Consul instance and needs its external endpoints
            // before the first request.
            await PrepareAsync(host, port, context.RequestAborted).ConfigureAwait(false);
            await mesh(context).ConfigureAwait(false);
            return;
        }

        var info = await PrepareAsync(host, port, context.RequestAborted).ConfigureAwait(false);
        if (Refuses(info))
        {
            await RefuseAsync(context, mesh, host, info is null).ConfigureAwait(false);
            return;
        }

        await _pipeline!(context).ConfigureAwait(false);
    }

    /// <summary>Whether a host is refused: <c>registry_only</c> and the registry does not know it (or could not be asked).</summary>
    public bool Refuses(ExternalHost? info) => _settings.Policy == OutboundTrafficPolicy.RegistryOnly && info is not { Known: true };

    /// <summary>Looks the host up (at most every 30 s) and makes it reachable; null when the registry could not be asked.</summary>
    public async Task<ExternalHost?> PrepareAsync(string host, int? port, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _hosts.TryUse(host, out var known);
        if (known is not null && now - known.At < s_recheck && (port is null || known.Ports.Contains(port.Value)))
        {
            return known.Info;
        }

        ExternalHost? info;
        try
        {
            info = await _settings.Registry.LookupAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogLookupFailed(_logger, host, e.Message);
            info = known?.Info;
        }

        int[] ports = port is { } p && known?.Ports.Contains(p) != true ? [.. known?.Ports ?? [], p] : known?.Ports ?? [];
        var entry = new EgressHost(info, now, ports);
        Forget(_hosts.Remember(host, entry));
        Reach(host, entry);
        await FollowAsync(host, info, cancellationToken).ConfigureAwait(false);
        Rebuild();
        if (info is { Known: true, IsExternal: false })
        {
            await WaitForEndpointsAsync(host, cancellationToken).ConfigureAwait(false);
        }

        return info;
    }

    /// <summary>
    /// Follows the compiled snapshot of a meshed host (waiting a moment for Consul's first answer about it), and stops
    /// following a host the registry no longer knows.
    /// </summary>
    private async Task FollowAsync(string host, ExternalHost? info, CancellationToken cancellationToken)
    {
        if (_settings.Snapshots is not { } followed)
        {
            return;
        }

        if (info is not { Known: true })
        {
            followed.Forget(host);
            return;
        }

        await followed.FollowAsync(host, s_firstSnapshot, cancellationToken).ConfigureAwait(false);
        WatchDestinations(host, info);
    }

    /// <summary>Watches the Consul instances of the clusters and destinations a catalog host's compiled snapshot names.</summary>
    private void WatchDestinations(string host, ExternalHost? info)
    {
        if (info is not { Known: true, IsExternal: false } || _settings.Consul is not { } consul || _settings.Snapshots?.Compiled(host) is not { } compiled)
        {
            return;
        }

        foreach (var cluster in compiled.Clusters)
        {
            consul.Track(cluster.Host, cluster.Service);
        }

        foreach (var destination in compiled.Http.SelectMany(r => r.Route))
        {
            consul.Track(destination.Host);
        }
    }

    /// <summary>Releases what was set up for hosts forgotten to make room: their endpoints and followed snapshots.</summary>
    private void Forget(IReadOnlyList<(string Host, EgressHost Entry)> forgotten)
    {
        if (forgotten.Count == 0)
        {
            return;
        }

        foreach (var (host, entry) in forgotten)
        {
            var ports = entry.Ports.Union(entry.Info?.Ports.Select(p => p.Number) ?? []);
            Endpoints.Remove([host, .. ports.Select(p => EgressRoutes.ClusterName(host, p))]);
        }

        _settings.Snapshots?.Forget(forgotten.Select(f => f.Host));
    }

    private void Reach(string host, EgressHost entry)
    {
        var info = entry.Info;
        if (info is { IsExternal: true })
        {
            foreach (var port in EgressRoutes.DialledPorts(info, entry.Ports).Select(p => (int?)p).Prepend(null))
            {
                var (targets, serverName) = ExternalTargets.For(info, port);
                Endpoints.Set(EgressRoutes.ClusterName(host, port), targets);
                foreach (var target in targets)
                {
                    Tls.Origination.Record(target.Address, target.Port, host, info.PortFor(port)?.Number ?? target.Port, target.Labels);
                }

                foreach (var target in serverName is null ? [] : targets)
                {
                    Tls.Origination.Originate(target.Address, target.Port, serverName!);
                }
            }
        }
        else if (info is { Known: true })
        {
            _settings.Consul?.Track(host);
        }
        else if (_settings.Policy == OutboundTrafficPolicy.AllowAny)
        {
            foreach (var port in entry.Ports.Select(p => (int?)p).Prepend(null))
            {
                Endpoints.Set(EgressRoutes.ClusterName(host, port), ExternalTargets.Passthrough(host, port));
            }
        }
    }

    /// <summary>A catalog service reached for the first time: waits a moment for its first instances from Consul.</summary>
    private async Task WaitForEndpointsAsync(string host, CancellationToken cancellationToken)
    {
        if (Endpoints.GetEndpoints(host).Count > 0)
        {
            return;
        }

        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string changed)
        {
            if (string.Equals(changed, host, StringComparison.OrdinalIgnoreCase) && Endpoints.GetEndpoints(host).Count > 0)
            {
                arrived.TrySetResult();
            }
        }

        Endpoints.EndpointsChanged += OnChanged;
        try
        {
            if (Endpoints.GetEndpoints(host).Count == 0)
            {
                await arrived.Task.WaitAsync(s_firstEndpoints, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            Endpoints.EndpointsChanged -= OnChanged;
        }
    }

    private void Rebuild()
    {
        lock (_rebuild)
        {
            var snapshots = new List<ProxySnapshot>();
            foreach (var (host, entry) in _hosts.Entries)
            {
                if (!Refuses(entry.Info))
                {
                    snapshots.Add(EgressRoutes.For(host, entry.Info, entry.Ports, _settings.Snapshots?.Compiled(host)));
                }
            }

            try
            {
                Routes.Swap(RouteTable.Build(snapshots, []));
            }
            catch (ArgumentException e)
            {
                LogRebuildFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>
    /// Istio's BlackHoleCluster: the sidecar's proxy handles the request (its table has no route for the host, so it is
    /// flagged <c>NR</c> in metrics, access log and span) and answers with the 502 of <see cref="NoRouteReply"/> that
    /// explains the policy.
    /// </summary>
    private async Task RefuseAsync(HttpContext context, RequestDelegate mesh, string host, bool registryDown)
    {
        var reason = registryDown
            ? "host \"" + host + "\" could not be checked against the mesh registry (Consul unreachable) and the outbound traffic policy is registry_only"
            : "host \"" + host + "\" is neither a mesh service nor a service_entry host and the outbound traffic policy is registry_only; add a service_entry for it";
        context.Features.Set(new NoRouteReply(StatusCodes.Status502BadGateway, reason));
        await mesh(context).ConfigureAwait(false);
        LogRefused(_logger, host);
    }

    private void OnMeshSwapped(RouteTable table)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in table.Hosts)
        {
            hosts.Add(host);
            foreach (var suffix in RouteTable.DefaultAliasSuffixes)
            {
                if (!host.Contains('.', StringComparison.Ordinal))
                {
                    hosts.Add(host + "." + suffix);
                }
                else if (host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
                {
                    hosts.Add(host[..^(suffix.Length + 1)]);
                }
            }
        }

        Volatile.Write(ref _meshHosts, hosts);
    }

    /// <summary>A followed host's snapshot changed (or was rejected): its routes are rebuilt, a service_entry host's endpoints re-set.</summary>
    private void OnFollowedChanged(string host)
    {
        if (!_hosts.TryGet(host, out var entry))
        {
            return;
        }

        // A service_entry host's ports and static endpoints arrive with its compiled snapshot: dial what it says now
        // rather than after the next registry lookup, up to 30 s later.
        if (entry.Info is { IsExternal: true } && _settings.Snapshots?.Compiled(host) is { } compiled && ExternalHost.Compiled(host, compiled) is { IsExternal: true } info)
        {
            entry = entry with { Info = info };
            if (!_hosts.Update(host, entry))
            {
                return;
            }

            Reach(host, entry);
        }

        WatchDestinations(host, entry.Info);
        Rebuild();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_meshRoutes is not null)
        {
            _meshRoutes.Swapped -= OnMeshSwapped;
        }

        if (_settings.Snapshots is { } followed)
        {
            followed.Changed -= OnFollowedChanged;
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }

        Endpoints.Dispose();
    }

    /// <summary>What the registry said about a host, when, and the ports requests named.</summary>
    private sealed record EgressHost(ExternalHost? Info, DateTimeOffset At, int[] Ports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up {Host} in the mesh registry failed: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string host, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the egress routes failed, the previous table keeps serving: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request for {Host}: not in the mesh registry (outbound_traffic_policy registry_only)")]
    private static partial void LogRefused(ILogger logger, string host);
}
