using Mesh.Proxy.Balancing;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Routing;
using Mesh.Snapshots.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

public class RetryBackoffTests
{
    private static readonly TimeSpan s_base = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan s_max = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 75)]
    [InlineData(3, 175)]
    [InlineData(4, 250)]
    [InlineData(40, 250)]
    public void Ceiling_EnvoyDefaults_GrowsExponentiallyUpToTenTimesBase(int retry, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Ceiling(s_base, s_max, retry));

    [Fact]
    public void Next_ManySamples_FullJitterBetweenZeroAndCeiling()
    {
        var backoff = new RetryBackoff(new ProxyRandom(3), TimeProvider.System);
        for (var retry = 1; retry <= 4; retry++)
        {
            var ceiling = RetryBackoff.Ceiling(s_base, s_max, retry);
            var samples = Enumerable.Range(0, 2000).Select(_ => backoff.Next(s_base, s_max, retry)).ToArray();
            Assert.All(samples, d => Assert.InRange(d, TimeSpan.Zero, ceiling - TimeSpan.FromMilliseconds(1)));
            Assert.True(samples.Min() < ceiling * 0.1, "full jitter reaches near zero");
            Assert.True(samples.Max() > ceiling * 0.9, "full jitter reaches near the ceiling");
        }
    }

    [Fact]
    public async Task WaitAsync_ThreeRetries_TotalWaitBoundedByCeilings()
    {
        var clock = new FakeTimeProvider();
        var backoff = new RetryBackoff(new ProxyRandom(11), clock);
        var total = TimeSpan.Zero;
        for (var retry = 1; retry <= 3; retry++)
        {
            var start = clock.GetUtcNow();
            var wait = backoff.WaitAsync(s_base, s_max, retry, CancellationToken.None);
            while (!wait.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            await wait;
            total += clock.GetUtcNow() - start;
        }

        Assert.InRange(total, TimeSpan.Zero, TimeSpan.FromMilliseconds(25 + 75 + 175));
        Assert.True(total > TimeSpan.Zero);
    }

    [Fact]
    public void CompiledRetry_BackoffFromSnapshotOrEnvoyDefaults()
    {
        var defaults = new CompiledRetry(new RetryPolicy { Attempts = 2 });
        var custom = new CompiledRetry(new RetryPolicy { Attempts = 2, BackoffBaseInterval = TimeSpan.FromMilliseconds(100) });
        var both = new CompiledRetry(new RetryPolicy { Attempts = 2, BackoffBaseInterval = TimeSpan.FromMilliseconds(100), BackoffMaxInterval = TimeSpan.FromSeconds(2) });

        Assert.Equal((TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(250)), (defaults.BackoffBase, defaults.BackoffMax));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), (custom.BackoffBase, custom.BackoffMax));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)), (both.BackoffBase, both.BackoffMax));
    }

    [Fact]
    public void CompiledRetry_RetryOnNumbersAndGrpcNames_Parsed()
    {
        var retry = new CompiledRetry(new RetryPolicy { Attempts = 1, RetryOn = ["429", " 503 ", "unavailable", "resource-exhausted", "bogus"] });
        var defaults = CompiledRetry.IstioDefault;

        Assert.Equal([429, 503], retry.StatusCodes);
        Assert.Equal(RetryConditions.RetriableStatusCodes | RetryConditions.GrpcUnavailable | RetryConditions.GrpcResourceExhausted, retry.Conditions);
        Assert.True(RetryDecision.ShouldRetryStatus(retry, 200, 8));
        Assert.False(RetryDecision.ShouldRetryStatus(retry, 200, 13));
        Assert.False(RetryDecision.ShouldRetryStatus(retry, 502));
        Assert.Equal([503], defaults.StatusCodes);
        Assert.Equal(2, defaults.Attempts);
        Assert.True(RetryDecision.ShouldRetryStatus(defaults, 200, 1));
    }
}
