using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The outbound side of one local service: a loopback port per upstream (plain HTTP from the application), each
/// request addressed to that upstream's host and sent through the mesh proxy (routes, subsets, retries, mTLS).
/// </summary>
internal sealed class OutboundListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private SidecarEgress? _egress;

    private OutboundListener(WebApplication app, RouteTableHolder routes, IReadOnlyDictionary<string, IPEndPoint> endPoints)
    {
        _app = app;
        Routes = routes;
        EndPoints = endPoints;
        MeterScope = app.Services.GetRequiredService<IMeterFactory>();
    }

    /// <summary>The factory of this proxy's meters: a <see cref="Meter.Scope"/> that tells its measurements from other proxies' in the process.</summary>
    public IMeterFactory MeterScope { get; }

    /// <summary>The route table the proxy serves; swap it when a snapshot changes.</summary>
    public RouteTableHolder Routes { get; }

    /// <summary>The bound loopback endpoint of each upstream host.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> EndPoints { get; }

    /// <summary>How many hosts outside the route table the listener remembers (0 without egress).</summary>
    public int RememberedEgressHosts => _egress?.RememberedHosts ?? 0;

    /// <summary>Whether the listener remembers <paramref name="host"/> outside its route table (looked up, endpoints set).</summary>
    public bool RemembersEgressHost(string host) => _egress?.Remembers(host) == true;

    public static Task<OutboundListener> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams, ProxyIdentity identity, IEndpointSource endpoints, IUpstreamTlsProvider tls, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
        => StartAsync(upstreams, identity, endpoints, tls, null, loggerFactory, time, cancellationToken);

    /// <summary>Starts the listener; <paramref name="locality"/> (this host's <c>region/zone/subzone</c>) enables locality-aware balancing.</summary>
    public static Task<OutboundListener> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams, ProxyIdentity identity, IEndpointSource endpoints, IUpstreamTlsProvider tls, ProxyLocality? locality, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
        => StartAsync(upstreams, new ProxyObservabilityOptions { Identity = identity }, endpoints, tls, locality, loggerFactory, time, cancellationToken);

    /// <summary>Starts the listener with the agent's observability (identity, trace sampling, access log).</summary>
    public static Task<OutboundListener> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams, ProxyObservabilityOptions observability, IEndpointSource endpoints, IUpstreamTlsProvider tls, ProxyLocality? locality, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
        => StartAsync(upstreams, observability, endpoints, tls, locality, null, loggerFactory, time, cancellationToken);

    /// <summary>
    /// Starts the listener; with <paramref name="egress"/>, requests whose <c>Host</c> names another host than the
    /// listener's own address are routed by that host (<c>service_entry</c> hosts, catalog services, and unknown hosts
    /// per the outbound traffic policy; see <see cref="SidecarEgress"/>).
    /// </summary>
    public static async Task<OutboundListener> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams, ProxyObservabilityOptions observability, IEndpointSource endpoints, IUpstreamTlsProvider tls, ProxyLocality? locality, EgressSettings? egress,
        ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var egressRouter = egress is null ? null : new SidecarEgress(egress, endpoints, tls, time, loggerFactory.CreateLogger("Mesh.Agent.Egress"));
        var builder = EmbeddedWebHost.CreateBuilder(loggerFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IEndpointSource>(egressRouter?.Endpoints ?? endpoints);
        builder.Services.AddSingleton<IUpstreamTlsProvider>(egressRouter?.Tls ?? tls);
        if (locality is not null)
        {
            builder.Services.AddSingleton(locality);
        }

        builder.Services.AddMeshProxy();
        builder.Services.ConfigureMeshObservability(observability);
        var listens = new List<(UpstreamOptions Upstream, ListenOptions Listen)>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var upstream in upstreams)
            {
                kestrel.Listen(IPAddress.Parse(upstream.LocalAddress), upstream.LocalPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listens.Add((upstream, listen));
                });
            }
        });

        var app = builder.Build();
        Dictionary<int, string> hostsByPort = [];
        FrozenDictionary<int, string>? frozen = null;
        app.Use((context, next) =>
        {
            // The application called 127.0.0.1:<local_port>; the mesh routes on the upstream's host name. With egress,
            // a Host naming another host is routed by that host instead.
            if (frozen!.TryGetValue(context.Connection.LocalPort, out var host) && (egressRouter is null || AddressesListener(context, host)))
            {
                context.Request.Host = new HostString(host);
            }

            return egressRouter is null ? next(context) : egressRouter.HandleAsync(context, next);
        });
        app.RunMeshProxy();
        egressRouter?.Start(app.Services);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var (upstream, listen) in listens)
        {
            var endPoint = listen.IPEndPoint!;
            hostsByPort[endPoint.Port] = upstream.Host;
            bound[upstream.Host] = endPoint;
        }

        frozen = hostsByPort.ToFrozenDictionary();
        return new OutboundListener(app, app.Services.GetRequiredService<RouteTableHolder>(), bound) { _egress = egressRouter };
    }

    /// <summary>
    /// Whether the request is addressed to the listener itself (no Host, the upstream's host, or a loopback / the
    /// listener's address with its port), as an application calling <c>127.0.0.1:local_port</c> sends it.
    /// </summary>
    private static bool AddressesListener(HttpContext context, string upstream)
    {
        var requested = context.Request.Host;
        if (!requested.HasValue || string.Equals(requested.Host, upstream, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (requested.Port != context.Connection.LocalPort)
        {
            return false;
        }

        return string.Equals(requested.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(requested.Host, out var address) && (IPAddress.IsLoopback(address) || address.Equals(context.Connection.LocalIpAddress)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_egress is not null)
        {
            await _egress.DisposeAsync().ConfigureAwait(false);
        }
    }
}
