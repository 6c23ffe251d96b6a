using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Health;

/// <summary>
/// The connection pool as a circuit breaker: at most max_connections requests run, at most
/// http1_max_pending_requests wait for a connection, and never more than http2_max_requests in total;
/// anything beyond overflows immediately.
/// </summary>
internal sealed class ConnectionPoolLimiter
{
    private readonly int _limit;
    private int _inFlight;

    /// <summary>Derives the limit from the pool settings (Istio defaults are unlimited).</summary>
    public ConnectionPoolLimiter(ConnectionPoolSettings? settings)
    {
        long limit = int.MaxValue;
        if (settings?.Http?.Http2MaxRequests is { } maxRequests and > 0)
        {
            limit = maxRequests;
        }

        if (settings?.Tcp?.MaxConnections is { } connections and > 0)
        {
            long pending = settings.Http?.Http1MaxPendingRequests is { } p and >= 0 ? p : int.MaxValue;
            limit = Math.Min(limit, connections + pending);
        }

        _limit = (int)Math.Min(limit, int.MaxValue);
    }

    /// <summary>Requests admitted and not yet released.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Admits a request or returns false when the pool overflows.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) > _limit)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        return true;
    }

    /// <summary>Releases an admitted request.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
