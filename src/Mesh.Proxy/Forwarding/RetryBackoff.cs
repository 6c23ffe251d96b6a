using Mesh.Proxy.Balancing;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Envoy's jittered exponential back-off between retries: before retry <c>n</c> (1-based) the proxy waits a
/// uniformly random time in [0, min(base × (2ⁿ − 1), max)). Waits run on their own clock so a test that fakes
/// the proxy's <see cref="TimeProvider"/> (timeouts, ejections) is not blocked by back-offs it did not expect.
/// </summary>
internal sealed class RetryBackoff(ProxyRandom random, TimeProvider clock)
{
    /// <summary>The clock the waits run on.</summary>
    public TimeProvider Clock { get; } = clock;

    /// <summary>The upper bound (exclusive) of the wait before retry <paramref name="retry"/> (1-based).</summary>
    public static TimeSpan Ceiling(TimeSpan baseInterval, TimeSpan maxInterval, int retry)
    {
        var exponent = Math.Clamp(retry, 1, 30);
        var ticks = (double)baseInterval.Ticks * ((1L << exponent) - 1);
        return ticks >= maxInterval.Ticks ? maxInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A random wait for retry <paramref name="retry"/> (1-based), in whole milliseconds like Envoy.</summary>
    public TimeSpan Next(TimeSpan baseInterval, TimeSpan maxInterval, int retry)
    {
        var ceilingMs = (int)Math.Min(int.MaxValue, Math.Max(1, (long)Ceiling(baseInterval, maxInterval, retry).TotalMilliseconds));
        return TimeSpan.FromMilliseconds(random.Next(ceilingMs));
    }

    /// <summary>Waits before retry <paramref name="retry"/>; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public Task WaitAsync(TimeSpan baseInterval, TimeSpan maxInterval, int retry, CancellationToken cancellationToken)
    {
        var delay = Next(baseInterval, maxInterval, retry);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Clock, cancellationToken);
    }
}
