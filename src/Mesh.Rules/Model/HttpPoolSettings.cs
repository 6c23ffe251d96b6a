namespace Mesh.Rules.Model;

/// <summary>HTTP connection limits (<c>http</c> block).</summary>
public sealed record HttpPoolSettings
{
    /// <summary>The maximum queued requests.</summary>
    public int? Http1MaxPendingRequests { get; init; }

    /// <summary>The maximum active requests.</summary>
    public int? Http2MaxRequests { get; init; }

    /// <summary>Requests per connection; 0 means unlimited.</summary>
    public int? MaxRequestsPerConnection { get; init; }

    /// <summary>The maximum concurrent retries.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>How long an idle connection is kept.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Whether to upgrade to HTTP/2.</summary>
    public H2UpgradePolicy? H2UpgradePolicy { get; init; }

    /// <summary>Whether to keep the caller's protocol.</summary>
    public bool? UseClientProtocol { get; init; }

    /// <summary>The maximum concurrent HTTP/2 streams.</summary>
    public int? MaxConcurrentStreams { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
