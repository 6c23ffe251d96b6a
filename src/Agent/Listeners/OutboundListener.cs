using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Agent.Configuration;
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

    public static async Task<OutboundListener> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams, ProxyIdentity identity, IEndpointSource endpoints, IUpstreamTlsProvider tls, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton(tls);
        builder.Services.AddMeshProxy();
        builder.Services.ConfigureMeshObservability(new ProxyObservabilityOptions { Identity = identity });
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
            // The application called 127.0.0.1:<local_port>; the mesh routes on the upstream's host name.
            if (frozen!.TryGetValue(context.Connection.LocalPort, out var host))
            {
                context.Request.Host = new HostString(host);
            }

            return next(context);
        });
        app.RunMeshProxy();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var (upstream, listen) in listens)
        {
            var endPoint = listen.IPEndPoint!;
            hostsByPort[endPoint.Port] = upstream.Host;
            bound[upstream.Host] = endPoint;
        }

        frozen = hostsByPort.ToFrozenDictionary();
        return new OutboundListener(app, app.Services.GetRequiredService<RouteTableHolder>(), bound);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
