using System.Net;
using System.Net.Sockets;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots.Routing;
using Mesh.Telemetry.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tcp;

/// <summary>
/// Serves one accepted TCP connection: picks a destination by the host's <c>tcp</c> route weights, an endpoint by
/// the cluster's load balancer, enforces max_connections, connects within connect_timeout and pumps bytes.
/// </summary>
internal sealed partial class TcpConnectionHandler(
    TcpProxyOptions options,
    RouteTableHolder tables,
    ClusterRegistry clusters,
    ProxyServices services,
    ProxyMetrics metrics,
    ProxyIdentity identity,
    TcpUpstreamConnector connector,
    ILogger logger)
{
    /// <summary>Handles the connection until it closes; never throws for connection-level failures.</summary>
    public async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        client.NoDelay = true;
        var table = tables.Current;
        table.TryGetHost(options.Host, out var routes);
        var destination = TcpRouteSelector.Select(routes, options.Host, options.ServicePort, services.Random);
        if (destination is null)
        {
            Refuse(client, Labels(new RouteDestination { Host = options.Host }, "NR", false));
            return;
        }

        var opened = Labels(destination, "-", false);
        metrics.RecordTcpOpened(opened);
        var cluster = TcpRouteSelector.FindCluster(table, routes, destination.Host);
        var port = destination.Port ?? options.ServicePort;
        var state = clusters.Get(destination.Host, destination.Subset, PortPolicy.KeyPort(cluster, destination.Subset, port));
        var config = state.GetConfig(table.Generation, cluster);
        var policy = TcpClusterPolicy.Resolve(cluster, destination.Subset, port);
        var counter = TcpConnectionCounter.For(state);
        if (!counter.TryEnter(policy.MaxConnections))
        {
            metrics.RecordOverflow(destination.Host, "connections");
            Close(client, Labels(destination, "UO", false), 0, 0);
            return;
        }

        try
        {
            await ProxyAsync(client, destination, state, config, policy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            counter.Exit();
        }
    }

    private async Task ProxyAsync(Socket client, RouteDestination destination, ClusterState state, ClusterConfig config, TcpClusterPolicy policy, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = (client.RemoteEndPoint as IPEndPoint)?.Address;
        var endpoint = config.SubsetKnown ? config.Balancer.Pick(state.Endpoints, context, null) : null;
        if (endpoint is null)
        {
            Close(client, Labels(destination, "UH", false), 0, 0);
            return;
        }

        Socket upstream;
        Stream upstreamStream;
        bool secure;
        endpoint.Enter();
        try
        {
            try
            {
                (upstream, upstreamStream, secure) = await connector.ConnectAsync(endpoint.Endpoint, policy.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or SocketException or IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                LogConnectFailed(logger, endpoint.Endpoint.Key, ex.Message);
                Report(destination, config, endpoint, 0);
                Close(client, Labels(destination, "UF", false), 0, 0);
                return;
            }

            Report(destination, config, endpoint, 200);
            var clientStream = new NetworkStream(client, ownsSocket: false);
            var pump = new TcpPump(client, clientStream, upstream, upstreamStream, policy.IdleTimeout, services.Time);
            try
            {
                await pump.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await upstreamStream.DisposeAsync().ConfigureAwait(false);
                await clientStream.DisposeAsync().ConfigureAwait(false);
                upstream.Dispose();
                client.Dispose();
            }

            var flags = pump.IdleTimedOut ? "IDLE" : "-";
            metrics.RecordTcpClosed(Labels(destination, flags, secure), pump.SentBytes, pump.ReceivedBytes);
        }
        finally
        {
            endpoint.Exit();
        }
    }

    private void Report(RouteDestination destination, ClusterConfig config, EndpointState endpoint, int status)
    {
        if (config.Outliers?.Report(endpoint, status) == true)
        {
            metrics.RecordEjection(destination.Host, endpoint.Endpoint.Key);
        }
    }

    private void Refuse(Socket client, in RequestLabels labels)
    {
        metrics.RecordTcpOpened(labels);
        Close(client, labels, 0, 0);
    }

    private void Close(Socket client, in RequestLabels labels, long sent, long received)
    {
        // Counted before the close so that whoever sees the close also sees the metric.
        metrics.RecordTcpClosed(labels, sent, received);

        // A plain close (FIN), as Envoy's tcp_proxy does; the kernel still resets if the client's bytes are unread.
        client.Dispose();
    }

    private RequestLabels Labels(RouteDestination destination, string flags, bool secure)
    {
        var security = secure ? "mutual_tls" : "none";
        if (identity.Role == ProxyRole.Inbound)
        {
            return new RequestLabels
            {
                Reporter = "destination",
                DestinationService = identity.ServiceName ?? destination.Host,
                DestinationVersion = identity.Version ?? destination.Subset,
                DestinationPrincipal = identity.Principal,
                RequestProtocol = "tcp",
                ResponseFlags = flags,
                ConnectionSecurityPolicy = security,
            };
        }

        return new RequestLabels
        {
            Reporter = "source",
            SourceWorkload = identity.ServiceName,
            SourceNamespace = identity.Namespace,
            SourcePrincipal = identity.Principal,
            SourceVersion = identity.Version,
            DestinationService = destination.Host,
            DestinationVersion = destination.Subset,
            RequestProtocol = "tcp",
            ResponseFlags = flags,
            ConnectionSecurityPolicy = security,
        };
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "TCP connect to {Endpoint} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string reason);
}
