namespace Mesh.Snapshots.Routing;

/// <summary>How failed attempts are retried.</summary>
public sealed record RetryPolicy
{
    /// <summary>Retries after the first attempt; 0 disables retries.</summary>
    public int Attempts { get; init; }

    /// <summary>Timeout of each attempt; null means only the route timeout applies.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>
    /// Conditions: <c>5xx</c>, <c>gateway-error</c>, <c>reset</c>, <c>connect-failure</c>, <c>refused-stream</c>,
    /// <c>retriable-4xx</c> (409), <c>retriable-status-codes</c>, status numbers such as <c>"503"</c>, and gRPC
    /// statuses <c>cancelled</c>, <c>deadline-exceeded</c>, <c>internal</c>, <c>resource-exhausted</c>, <c>unavailable</c>.
    /// </summary>
    public IReadOnlyList<string> RetryOn { get; init; } = [];

    /// <summary>Base interval of the exponential back-off with full jitter (Envoy's default 25 ms).</summary>
    public TimeSpan? BackoffBaseInterval { get; init; }

    /// <summary>Cap of the back-off (default ten times the base interval).</summary>
    public TimeSpan? BackoffMaxInterval { get; init; }
}
