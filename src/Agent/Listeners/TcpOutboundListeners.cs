using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Agent.Configuration;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Proxy.Tcp;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The TCP upstreams of one local service: a <see cref="TcpProxyListener"/> per upstream on its local port, each new
/// connection sent by the host's <c>tcp</c> routes to an endpoint the locality-aware balancer picks, with mTLS to
/// meshed peers through the same <see cref="IUpstreamTlsProvider"/> as HTTP.
/// </summary>
internal sealed class TcpOutboundListeners : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<TcpProxyListener> _listeners;

    private TcpOutboundListeners(ServiceProvider services, List<TcpProxyListener> listeners, IReadOnlyDictionary<string, IPEndPoint> endPoints)
    {
        _services = services;
        _listeners = listeners;
        EndPoints = endPoints;
        Routes = services.GetRequiredService<RouteTableHolder>();
        MeterScope = services.GetRequiredService<IMeterFactory>();
    }

    /// <summary>The route table every new connection reads; swap it when a snapshot changes.</summary>
    public RouteTableHolder Routes { get; }

    /// <summary>The factory of these listeners' meters.</summary>
    public IMeterFactory MeterScope { get; }

    /// <summary>The bound loopback endpoint of each upstream host.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> EndPoints { get; }

    /// <summary>Binds every upstream's local port; <paramref name="servicePort"/> gives the port a host's <c>tcp</c> routes match on.</summary>
    public static async Task<TcpOutboundListeners> StartAsync(
        IReadOnlyList<UpstreamOptions> upstreams,
        Func<string, int?> servicePort,
        ProxyIdentity identity,
        IEndpointSource endpoints,
        IUpstreamTlsProvider tls,
        ProxyLocality? locality,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        ProxyObservabilityOptions? observability = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(endpoints);
        services.AddSingleton(tls);
        if (locality is not null)
        {
            services.AddSingleton(locality);
        }

        services.AddMeshProxy();
        services.ConfigureMeshObservability(observability ?? new ProxyObservabilityOptions { Identity = identity });
        var provider = services.BuildServiceProvider();
        var listeners = new List<TcpProxyListener>();
        var bound = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var upstream in upstreams)
            {
                var listener = TcpProxyListener.Start(provider, new TcpProxyOptions
                {
                    Host = upstream.Host,
                    ServicePort = servicePort(upstream.Host) ?? upstream.LocalPort,
                    EndPoint = new IPEndPoint(IPAddress.Parse(upstream.LocalAddress), upstream.LocalPort),
                });
                listeners.Add(listener);
                bound[upstream.Host] = listener.LocalEndPoint;
            }
        }
        catch
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TcpOutboundListeners(provider, listeners, bound);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
