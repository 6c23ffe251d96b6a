using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Forwarding;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

public class RetryPolicyTests
{
    // Answers the first `failures` calls with `failure`, then 200 "ok".
    private static Func<HttpContext, Task> FailThenOk(int failures, Action<HttpResponse> failure)
    {
        var calls = 0;
        return async context =>
        {
            if (Interlocked.Increment(ref calls) <= failures)
            {
                failure(context.Response);
                return;
            }

            await context.Response.WriteAsync("ok");
        };
    }

    private static Action<HttpResponse> Status(int status) => r => r.StatusCode = status;

    private static async Task<TunableProxy> StartAsync(RetryPolicy retries, Upstream upstream, FakeTimeProvider? backoffClock = null)
    {
        // Without a clock the back-offs are real (Envoy's defaults: at most 25 ms, 75 ms, ...).
        var proxy = await TunableProxy.StartAsync(backoffClock is null
            ? null
            : s => s.AddSingleton(sp => new RetryBackoff(sp.GetRequiredService<ProxyRandom>(), backoffClock)));
        proxy.Load(Snap.Host("api", [Snap.To("api") with { Retries = retries }]));
        proxy.SetEndpoints("api", upstream);
        return proxy;
    }

    [Fact]
    public async Task Send_429TwiceWithRetryOn429_Returns200AfterThreeHits()
    {
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(2, Status(429)));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 3, RetryOn = ["429"] }, upstream);

        using var response = await proxy.SendAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.Count);
    }

    [Fact]
    public async Task Send_429With5xxOnly_Returns429AfterOneHit()
    {
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(2, Status(429)));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 3, RetryOn = ["5xx"] }, upstream);

        using var response = await proxy.SendAsync("api");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_ListedCodeOtherThanResponse_NotRetried()
    {
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(1, Status(500)));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 3, RetryOn = ["retriable-status-codes", "429", "503"] }, upstream);

        using var response = await proxy.SendAsync("api");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_409WithRetriable4xx_RetriedButOther4xxNot()
    {
        await using var conflict = await Upstream.StartAsync("api", FailThenOk(1, Status(409)));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 2, RetryOn = ["retriable-4xx"] }, conflict);
        using var retried = await proxy.SendAsync("api");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, conflict.Count);

        await using var notFound = await Upstream.StartAsync("api", FailThenOk(1, Status(404)));
        proxy.SetEndpoints("api", notFound);
        using var kept = await proxy.SendAsync("api");
        Assert.Equal(HttpStatusCode.NotFound, kept.StatusCode);
        Assert.Equal(1, notFound.Count);
    }

    [Fact]
    public async Task Send_TrailersOnlyGrpcUnavailable_RetriedWhenListed()
    {
        static void Unavailable(HttpResponse r)
        {
            r.ContentType = "application/grpc";
            r.Headers["grpc-status"] = "14";
            r.Headers["grpc-message"] = "try later";
        }

        await using var upstream = await Upstream.StartAsync("api", FailThenOk(2, Unavailable));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 2, RetryOn = ["unavailable"] }, upstream);

        using var response = await proxy.SendAsync("api", "/pkg.Svc/Call", HttpMethod.Post, r => r.Content = new ByteArrayContent([0, 0, 0, 0, 0]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.Count);
    }

    [Fact]
    public async Task Send_GrpcStatusNotListed_ReturnedAsIs()
    {
        static void Internal(HttpResponse r) => r.Headers["grpc-status"] = "13";

        await using var upstream = await Upstream.StartAsync("api", FailThenOk(1, Internal));
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 2, RetryOn = ["unavailable", "cancelled"] }, upstream);

        using var response = await proxy.SendAsync("api");

        Assert.Equal("13", string.Join(",", response.Headers.GetValues("grpc-status")));
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_NoRetryPolicy_IstioDefaultRetries503()
    {
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(2, Status(503)));
        await using var proxy = await TunableProxy.StartAsync();
        proxy.Load(Snap.Host("api"));
        proxy.SetEndpoints("api", upstream);

        using var response = await proxy.SendAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, upstream.Count);
    }

    [Fact]
    public async Task Send_BodyLargerThanReplayLimit_NotRetried()
    {
        var received = 0L;
        await using var upstream = await Upstream.StartAsync("api", async context =>
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref received, read);
            }

            context.Response.StatusCode = 503;
        });
        await using var proxy = await StartAsync(new RetryPolicy { Attempts = 3, RetryOn = ["5xx"] }, upstream);

        using var response = await proxy.SendAsync("api", "/", HttpMethod.Post, r => r.Content = new ByteArrayContent(new byte[200 * 1024]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, upstream.Count);
        Assert.Equal(200 * 1024, Interlocked.Read(ref received));
    }

    [Fact]
    public async Task Send_RetriesWaitJitteredBackoffOnInjectedClock()
    {
        var clock = new FakeTimeProvider();
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(2, Status(503)));
        var policy = new RetryPolicy { Attempts = 3, RetryOn = ["503"], BackoffBaseInterval = TimeSpan.FromSeconds(1), BackoffMaxInterval = TimeSpan.FromSeconds(30) };
        await using var proxy = await StartAsync(policy, upstream, clock);

        var pending = proxy.SendAsync("api");
        await WaitForAsync(() => upstream.Count == 1);

        // The retry waits on the injected clock (up to 1 s for the first retry, 3 s for the second): without
        // advancing it nothing happens.
        await Task.Delay(300);
        Assert.Equal(1, upstream.Count);
        Assert.False(pending.IsCompleted);
        await AdvanceUntilAsync(clock, () => upstream.Count == 2);
        await AdvanceUntilAsync(clock, () => pending.IsCompleted);
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, upstream.Count);
    }

    [Fact]
    public async Task Send_RouteTimeoutDuringBackoff_Returns504WithoutFurtherAttempts()
    {
        var time = new FakeTimeProvider();
        var backoffClock = new FakeTimeProvider();
        await using var upstream = await Upstream.StartAsync("api", FailThenOk(5, Status(503)));
        await using var proxy = await TunableProxy.StartAsync(s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton(sp => new RetryBackoff(sp.GetRequiredService<ProxyRandom>(), backoffClock));
        });
        var policy = new RetryPolicy { Attempts = 3, RetryOn = ["5xx"], BackoffBaseInterval = TimeSpan.FromSeconds(10) };
        proxy.Load(Snap.Host("api", [Snap.To("api") with { Retries = policy, Timeout = TimeSpan.FromSeconds(2) }]));
        proxy.SetEndpoints("api", upstream);

        var pending = proxy.SendAsync("api");
        await WaitForAsync(() => upstream.Count == 1);
        time.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, upstream.Count);
    }

    // Advances the fake clock in small steps (the proxy may start its timer a little later) until the condition holds.
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            await Task.Delay(10);
        }
    }
}
