using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using Mesh.Proxy.Transport;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Shares <see cref="HttpMessageInvoker"/>s over <see cref="SocketsHttpHandler"/>: one for clusters without
/// pool settings, one per distinct (connect timeout, max connections, idle timeout, max requests per connection) otherwise.
/// </summary>
internal sealed class UpstreamInvokerFactory(IUpstreamTlsProvider? tls = null) : IDisposable
{
    private static readonly TimeSpan s_defaultConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<(TimeSpan, int, TimeSpan?, int), HttpMessageInvoker> _invokers = new();

    /// <summary>The invoker for a cluster's connection pool settings.</summary>
    public HttpMessageInvoker Get(ConnectionPoolSettings? pool)
    {
        var connectTimeout = pool?.Tcp?.ConnectTimeout is { } t && t > TimeSpan.Zero ? t : s_defaultConnectTimeout;
        var maxConnections = pool?.Tcp?.MaxConnections is { } m and > 0 ? m : int.MaxValue;

        // connection_pool.http.idle_timeout: how long an unused upstream connection stays pooled.
        TimeSpan? idleTimeout = pool?.Http?.IdleTimeout is { } idle && idle > TimeSpan.Zero ? idle : null;
        var maxRequests = pool?.Http?.MaxRequestsPerConnection is { } r and > 0 ? r : 0;
        return _invokers.GetOrAdd((connectTimeout, maxConnections, idleTimeout, maxRequests), key => Create(key.Item1, key.Item2, key.Item3, key.Item4));
    }

    private HttpMessageInvoker Create(TimeSpan connectTimeout, int maxConnections, TimeSpan? idleTimeout, int maxRequests)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = connectTimeout,
            MaxConnectionsPerServer = maxConnections,
            ActivityHeadersPropagator = null,
        };
        if (idleTimeout is { } idle)
        {
            handler.PooledConnectionIdleTimeout = idle;
        }
        handler.ConnectCallback = ConnectAsync;

        // connection_pool.http.max_requests_per_connection: counts requests outside the TLS layer set above.
        RequestBudgetStream.Apply(handler, maxRequests);

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    // The request URI stays http://: the TLS layer is added under HTTP, so pooling stays per endpoint.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var network = await EpollTransport.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        var options = tls?.GetClientOptions(context.DnsEndPoint);
        if (options is null)
        {
            return network;
        }

        // The handler speaks HTTP/1.1 on the stream it gets from here (the request URI is http://), so offer only that:
        // a server that chose h2 from a wider offer would wait for an HTTP/2 preface that never comes.
        options.ApplicationProtocols = [SslApplicationProtocol.Http11];
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ssl;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }
    }
}
