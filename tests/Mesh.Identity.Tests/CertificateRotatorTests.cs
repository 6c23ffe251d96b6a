using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class CertificateRotatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Rotator_AtHalfLifeWithJitter_RenewsAndRaisesRotated()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var provider = new FlakyCertificateProvider(ca);
        var options = new CertificateRotatorOptions { Ttl = TimeSpan.FromHours(24) };
        await using var rotator = new CertificateRotator(provider, TestCertificates.Id("default", "web"), options, time, new Random(7));
        var rotated = new TaskCompletionSource<CertificateRotatedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        rotator.CertificateRotated += (_, e) => rotated.TrySetResult(e);

        var first = await rotator.StartAsync();
        var renewAt = rotator.NextRenewal!.Value;
        var halfLife = first.NotBefore + (first.Lifetime / 2);
        Assert.InRange(renewAt, halfLife - (first.Lifetime * 0.1), halfLife + (first.Lifetime * 0.1));

        time.Advance(renewAt - time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(1, provider.Attempts);
        Assert.Same(first, rotator.Current);

        time.Advance(TimeSpan.FromSeconds(1));
        var args = await rotated.Task.WaitAsync(Timeout);

        Assert.Same(first, args.Previous);
        Assert.Same(args.Current, rotator.Current);
        Assert.NotEqual(first.Certificate.SerialNumber, rotator.Current.Certificate.SerialNumber);
        Assert.True(rotator.Current.NotAfter > first.NotAfter);
        Assert.True(rotator.NextRenewal > renewAt);
    }

    [Fact]
    public async Task Rotator_RenewalFails_KeepsCurrentCertificateAndRetriesWithBackoff()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var provider = new FlakyCertificateProvider(ca);
        var options = new CertificateRotatorOptions { Ttl = TimeSpan.FromHours(1), InitialRetryDelay = TimeSpan.FromSeconds(2) };
        await using var rotator = new CertificateRotator(provider, TestCertificates.Id("default", "web"), options, time, new Random(1));
        var failures = new List<RenewalFailedEventArgs>();
        var failed = new SemaphoreSlim(0);
        var rotated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rotator.RenewalFailed += (_, e) =>
        {
            lock (failures)
            {
                failures.Add(e);
            }

            failed.Release();
        };
        rotator.CertificateRotated += (_, _) => rotated.TrySetResult();
        var first = await rotator.StartAsync();
        provider.FailuresToInject = 2;

        time.Advance(rotator.NextRenewal!.Value - time.GetUtcNow());
        Assert.True(await failed.WaitAsync(Timeout));
        Assert.Same(first, rotator.Current);
        Assert.Equal(TimeSpan.FromSeconds(2), failures[0].RetryIn);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await failed.WaitAsync(Timeout));
        Assert.Same(first, rotator.Current);
        Assert.Equal(TimeSpan.FromSeconds(4), failures[1].RetryIn);
        Assert.IsType<HttpRequestException>(failures[1].Exception);

        time.Advance(TimeSpan.FromSeconds(4));
        await rotated.Task.WaitAsync(Timeout);
        Assert.NotSame(first, rotator.Current);
        Assert.Equal(4, provider.Attempts);
    }

    [Fact]
    public async Task Rotator_StartWithValidCertificateFromDisk_AdoptsItWithoutIssuing()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var id = TestCertificates.Id("default", "web");
        using var saved = await ca.IssueAsync(id, TimeSpan.FromHours(24), CancellationToken.None);
        var provider = new FlakyCertificateProvider(ca);
        await using var rotator = new CertificateRotator(provider, id, null, time, new Random(3));

        var current = await rotator.StartAsync(saved);

        Assert.Same(saved, current);
        Assert.Equal(0, provider.Attempts);
    }
}
