namespace Mesh.Snapshots.Clusters;

/// <summary>HTTP request limits.</summary>
public sealed record HttpPoolSettings
{
    /// <summary>Requests that may wait for a connection; null means unlimited.</summary>
    public int? Http1MaxPendingRequests { get; init; }

    /// <summary>Requests in flight to the cluster; null means unlimited.</summary>
    public int? Http2MaxRequests { get; init; }

    /// <summary>Requests per connection before it is closed; 0 or null means unlimited, 1 disables keep-alive.</summary>
    public int? MaxRequestsPerConnection { get; init; }

    /// <summary>Idle time after which a pooled upstream connection is closed (default 1h).</summary>
    public TimeSpan? IdleTimeout { get; init; }
}
