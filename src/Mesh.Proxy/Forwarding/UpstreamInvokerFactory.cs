using System.Collections.Concurrent;
using System.Net;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Shares <see cref="HttpMessageInvoker"/>s over <see cref="SocketsHttpHandler"/>: one for clusters without
/// TCP pool settings, one per distinct (connect timeout, max connections) otherwise.
/// </summary>
internal sealed class UpstreamInvokerFactory : IDisposable
{
    private static readonly TimeSpan s_defaultConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<(TimeSpan, int), HttpMessageInvoker> _invokers = new();

    /// <summary>The invoker for a cluster's connection pool settings.</summary>
    public HttpMessageInvoker Get(ConnectionPoolSettings? pool)
    {
        var connectTimeout = pool?.Tcp?.ConnectTimeout is { } t && t > TimeSpan.Zero ? t : s_defaultConnectTimeout;
        var maxConnections = pool?.Tcp?.MaxConnections is { } m and > 0 ? m : int.MaxValue;
        return _invokers.GetOrAdd((connectTimeout, maxConnections), static key => Create(key.Item1, key.Item2));
    }

    private static HttpMessageInvoker Create(TimeSpan connectTimeout, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = connectTimeout,
            MaxConnectionsPerServer = maxConnections,
            ActivityHeadersPropagator = null,
        }, disposeHandler: true);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }
    }
}
