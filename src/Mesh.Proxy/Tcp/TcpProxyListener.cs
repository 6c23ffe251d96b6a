using System.Net;
using System.Net.Sockets;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Telemetry.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Proxy.Tcp;

/// <summary>
/// A TCP listener for one port of a destination host (Istio <c>tcp</c> routes): each accepted connection goes to a
/// destination drawn by the route's weights, to an endpoint picked by that cluster's load balancer (locality and
/// outlier ejection included), within <c>connection_pool.tcp</c> limits; bytes are copied both ways.
/// Uses the engine registered with <see cref="Hosting.MeshProxyServiceCollectionExtensions.AddMeshProxy"/>: the
/// current route table, endpoints, metrics and an optional <see cref="IUpstreamTlsProvider"/>.
/// </summary>
public sealed class TcpProxyListener : IAsyncDisposable
{
    private readonly TcpAcceptor _acceptor;

    private TcpProxyListener(TcpAcceptor acceptor, TcpProxyOptions options)
    {
        _acceptor = acceptor;
        Options = options;
    }

    /// <summary>The endpoint actually bound (the real port when port 0 was asked).</summary>
    public IPEndPoint LocalEndPoint => _acceptor.LocalEndPoint;

    /// <summary>What this listener serves.</summary>
    public TcpProxyOptions Options { get; }

    /// <summary>Connections being served right now.</summary>
    public int ActiveConnections => _acceptor.ActiveConnections;

    /// <summary>Binds <see cref="TcpProxyOptions.EndPoint"/> and starts accepting.</summary>
    /// <param name="services">The provider holding <see cref="Hosting.MeshProxyServiceCollectionExtensions.AddMeshProxy"/>'s services.</param>
    /// <param name="options">The host, service port and local endpoint.</param>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static TcpProxyListener Start(IServiceProvider services, TcpProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<TcpProxyListener>();
        var proxyServices = services.GetRequiredService<ProxyServices>();
        var handler = new TcpConnectionHandler(
            options,
            services.GetRequiredService<RouteTableHolder>(),
            services.GetRequiredService<ClusterRegistry>(),
            proxyServices,
            services.GetRequiredService<ProxyMetrics>(),
            (services.GetService<ProxyObservabilityOptions>() ?? new ProxyObservabilityOptions()).Identity,
            new TcpUpstreamConnector(proxyServices.Time, services.GetService<IUpstreamTlsProvider>()),
            logger);

        return new TcpProxyListener(TcpAcceptor.Start(options.EndPoint, options.Backlog, handler.HandleAsync, logger), options);
    }

    /// <summary>Stops accepting and resets the connections still open.</summary>
    public Task StopAsync() => _acceptor.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();
}
