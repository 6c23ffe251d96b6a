using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class IdentityMetricsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Rotator_Started_ReportsExpiryGaugeAndCountsRenewalFailures()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var provider = new FlakyCertificateProvider(ca);
        var id = TestCertificates.Id("metrics", "web");
        using var metrics = new MetricsRecorder(id);
        var options = new CertificateRotatorOptions { Ttl = TimeSpan.FromHours(1), InitialRetryDelay = TimeSpan.FromSeconds(2) };
        var rotator = new CertificateRotator(provider, id, options, time, new Random(2));
        var failed = new SemaphoreSlim(0);
        rotator.RenewalFailed += (_, _) => failed.Release();

        Assert.Null(metrics.Observe(IdentityMetrics.ExpiryTimestampName));
        var first = await rotator.StartAsync();
        Assert.Equal(first.NotAfter.ToUnixTimeSeconds(), metrics.Observe(IdentityMetrics.ExpiryTimestampName)!.Value, 0.001);

        provider.FailuresToInject = 2;
        time.Advance(rotator.NextRenewal!.Value - time.GetUtcNow());
        Assert.True(await failed.WaitAsync(Timeout));
        Assert.Equal(1, metrics.Sum(IdentityMetrics.RenewalFailuresName));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await failed.WaitAsync(Timeout));
        Assert.Equal(2, metrics.Sum(IdentityMetrics.RenewalFailuresName));
        Assert.Equal(first.NotAfter.ToUnixTimeSeconds(), metrics.Observe(IdentityMetrics.ExpiryTimestampName)!.Value, 0.001);

        await rotator.DisposeAsync();
        Assert.Null(metrics.Observe(IdentityMetrics.ExpiryTimestampName));
    }
}
