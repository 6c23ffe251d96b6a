using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mesh.Identity.Tests;

public sealed class RotationUnderTrafficTests
{
    private static readonly CertificateRotatorOptions ShortLived = new()
    {
        Ttl = TimeSpan.FromSeconds(3),
        InitialRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A client handler from <paramref name="tls"/> that also records the serial of each server certificate it validates.</summary>
    internal static SocketsHttpHandler Handler(MeshTls tls, SpiffeId server, ConcurrentDictionary<string, byte> serverSerials, TimeSpan pooledLifetime)
    {
        var handler = tls.CreateHttpHandler(server.ToString(), pooledConnectionLifetime: pooledLifetime);
        var validate = handler.SslOptions.RemoteCertificateValidationCallback!;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            serverSerials.TryAdd(certificate!.GetSerialNumberString(), 0);
            return validate(sender, certificate, chain, errors);
        };
        return handler;
    }

    [Fact]
    public async Task Traffic_WhileBothSidesRotateEvery1500ms_NoRequestFails()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        var apiId = TestCertificates.Id("prod", "api");
        await using var serverRotator = new CertificateRotator(ca, apiId, ShortLived, TimeProvider.System);
        await using var clientRotator = new CertificateRotator(ca, TestCertificates.Id("prod", "web"), ShortLived, TimeProvider.System);
        var serverRotations = 0;
        var clientRotations = 0;
        serverRotator.CertificateRotated += (_, _) => Interlocked.Increment(ref serverRotations);
        clientRotator.CertificateRotated += (_, _) => Interlocked.Increment(ref clientRotations);
        await serverRotator.StartAsync();
        await clientRotator.StartAsync();
        var serverTls = new MeshTls(serverRotator, anchors, TimeProvider.System);
        var clientTls = new MeshTls(clientRotator, anchors, TimeProvider.System);
        var rejections = TestCa.CollectRejections(serverTls);
        rejections.AddRange(TestCa.CollectRejections(clientTls));
        await using var server = await MeshHttpsFixture.StartAsync(serverTls);

        var serverSerials = new ConcurrentDictionary<string, byte>();
        var clientSerials = new ConcurrentDictionary<string, byte>();
        var failures = new ConcurrentQueue<Exception>();
        var requests = 0;
        using var pooled = new HttpClient(Handler(clientTls, apiId, serverSerials, TimeSpan.FromSeconds(1)))
        {
            DefaultRequestVersion = new Version(2, 0),
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(10);

        async Task LoopAsync(Func<Task<string>> send)
        {
            while (clock.Elapsed < duration)
            {
                try
                {
                    clientSerials.TryAdd(await send(), 0);
                    Interlocked.Increment(ref requests);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(e);
                }

                await Task.Delay(20);
            }
        }

        await Task.WhenAll(
            LoopAsync(() => pooled.GetStringAsync(server.Address)),
            LoopAsync(async () =>
            {
                using var fresh = new HttpClient(Handler(clientTls, apiId, serverSerials, TimeSpan.FromSeconds(1))) { Timeout = TimeSpan.FromSeconds(10) };
                return await fresh.GetStringAsync(server.Address);
            }));

        Assert.Empty(failures);
        Assert.Empty(rejections);
        Assert.True(requests > 50, $"only {requests} requests");
        Assert.True(Volatile.Read(ref serverRotations) >= 3, $"server rotated {serverRotations} times");
        Assert.True(Volatile.Read(ref clientRotations) >= 3, $"client rotated {clientRotations} times");
        Assert.True(serverSerials.Count >= 3, $"the client saw {serverSerials.Count} server certificates");
        Assert.True(clientSerials.Count >= 3, $"the server saw {clientSerials.Count} client certificates");
        Assert.DoesNotContain("none", clientSerials.Keys);
    }
}
