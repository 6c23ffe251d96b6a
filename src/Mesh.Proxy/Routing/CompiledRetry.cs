using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Routing;

/// <summary>A <see cref="RetryPolicy"/> compiled once: conditions, listed status codes and back-off bounds.</summary>
internal sealed class CompiledRetry
{
    /// <summary>Envoy's default back-off base interval.</summary>
    public static readonly TimeSpan DefaultBackoffBase = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Istio's policy for a route that sets none: 2 retries on connect-failure, refused-stream, gRPC unavailable and
    /// cancelled, and status 503.
    /// </summary>
    public static readonly CompiledRetry IstioDefault = new(new RetryPolicy
    {
        Attempts = 2,
        RetryOn = ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"],
    });

    /// <summary>Compiles the policy.</summary>
    public CompiledRetry(RetryPolicy policy)
    {
        Attempts = Math.Max(0, policy.Attempts);
        PerTryTimeout = policy.PerTryTimeout;
        Conditions = RetryConditionsParser.Parse(policy.RetryOn);
        StatusCodes = RetryConditionsParser.ParseStatusCodes(policy.RetryOn);
        BackoffBase = policy.BackoffBaseInterval is { } b && b > TimeSpan.Zero ? b : DefaultBackoffBase;
        BackoffMax = policy.BackoffMaxInterval is { } m && m > TimeSpan.Zero ? m : BackoffBase * 10;
        if (BackoffMax < BackoffBase)
        {
            BackoffMax = BackoffBase;
        }
    }

    /// <summary>Retries after the first attempt.</summary>
    public int Attempts { get; }

    /// <summary>Timeout of each attempt.</summary>
    public TimeSpan? PerTryTimeout { get; }

    /// <summary>Parsed <c>retry_on</c> names.</summary>
    public RetryConditions Conditions { get; }

    /// <summary>HTTP statuses retried under <c>retriable-status-codes</c> (numbers listed in <c>retry_on</c>).</summary>
    public int[] StatusCodes { get; }

    /// <summary>Base interval of the exponential back-off.</summary>
    public TimeSpan BackoffBase { get; }

    /// <summary>Upper bound of one back-off.</summary>
    public TimeSpan BackoffMax { get; }
}
