using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mesh.Identity.Tests;

public sealed class CaOutageTests
{
    [Fact]
    public async Task CaOutage_AfterFirstIssue_TrafficFlowsUntilExpiryWhileRenewalsFailWithBackoff()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        var apiId = TestCertificates.Id("outage", "api");
        var flaky = new FlakyCertificateProvider(ca);
        var logger = new ListLogger();
        using var metrics = new MetricsRecorder(apiId);
        var options = new CertificateRotatorOptions { Ttl = TimeSpan.FromSeconds(5), InitialRetryDelay = TimeSpan.FromMilliseconds(200) };
        await using var serverRotator = new CertificateRotator(flaky, apiId, options, TimeProvider.System, new Random(4), logger);
        await using var clientRotator = new CertificateRotator(ca, TestCertificates.Id("outage", "web"), null, TimeProvider.System);
        var failures = new ConcurrentQueue<RenewalFailedEventArgs>();
        serverRotator.RenewalFailed += (_, e) => failures.Enqueue(e);
        var serverTls = new MeshTls(serverRotator, anchors, TimeProvider.System);
        var clientTls = new MeshTls(clientRotator, anchors, TimeProvider.System);
        var clientRejections = TestCa.CollectRejections(clientTls);
        await using var server = await MeshHttpsFixture.StartAsync(serverTls);
        await clientRotator.StartAsync();
        var first = await serverRotator.StartAsync();
        flaky.FailuresToInject = int.MaxValue;
        var serials = new ConcurrentDictionary<string, byte>();

        async Task<string> FreshRequestAsync()
        {
            using var http = new HttpClient(RotationUnderTrafficTests.Handler(clientTls, apiId, serials, TimeSpan.FromSeconds(1))) { Timeout = TimeSpan.FromSeconds(10) };
            return await http.GetStringAsync(server.Address);
        }

        var served = 0;
        while (TimeProvider.System.GetUtcNow() < first.NotAfter - TimeSpan.FromMilliseconds(500))
        {
            await FreshRequestAsync();
            served++;
            await Task.Delay(50);
        }

        Assert.True(served >= 3, $"only {served} requests before expiry");
        Assert.Equal([first.Certificate.SerialNumber], serials.Keys.Select(s => s.ToUpperInvariant()));
        Assert.Same(first, serverRotator.Current);
        var failed = failures.ToArray();
        Assert.True(failed.Length >= 3, $"{failed.Length} renewal failures");
        Assert.All(failed, f => Assert.IsType<HttpRequestException>(f.Exception));
        Assert.Equal(Enumerable.Range(1, failed.Length), failed.Select(f => f.Attempt));
        Assert.True(failed[1].RetryIn > failed[0].RetryIn, $"{failed[0].RetryIn} then {failed[1].RetryIn}");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(apiId.ToString(), StringComparison.Ordinal));
        Assert.True(metrics.Sum(IdentityMetrics.RenewalFailuresName) >= failed.Length);
        Assert.Equal(first.NotAfter.ToUnixTimeSeconds(), metrics.Observe(IdentityMetrics.ExpiryTimestampName)!.Value, 0.001);

        await Task.Delay(first.NotAfter - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<HttpRequestException>(FreshRequestAsync);
        Assert.Contains(clientRejections, r => r.Contains("expired at", StringComparison.Ordinal));
    }
}
