using System.Net;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

public class ResilienceTests
{
    private static Func<HttpContext, Task> Status(int status) => context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    private static Func<HttpContext, Task> Blocking(TaskCompletionSource received, TaskCompletionSource release) => async context =>
    {
        received.TrySetResult();
        await release.Task;
        await context.Response.WriteAsync("released");
    };

    [Fact]
    public async Task Send_AbortFault100Percent_ReturnsConfiguredStatusWithoutUpstream()
    {
        await using var upstream = await Upstream.StartAsync("up");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews") with { Fault = new FaultInjection { Abort = new AbortFault { HttpStatus = 418, Percentage = 100 } } }]));
        proxy.SetEndpoints("reviews", upstream);

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal(0, upstream.Count);
    }

    [Fact]
    public async Task Send_DelayFault_HoldsRequestUntilTimeAdvances()
    {
        var time = new FakeTimeProvider();
        await using var upstream = await Upstream.StartAsync("up");
        await using var proxy = await ProxyHarness.StartAsync(time);
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews") with { Fault = new FaultInjection { Delay = new DelayFault { Fixed = TimeSpan.FromSeconds(5) } } }]));
        proxy.SetEndpoints("reviews", upstream);

        var pending = proxy.SendAsync("reviews");
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted)
        {
            await Task.WhenAny(pending, Task.Delay(20));
            if (advanced < TimeSpan.FromSeconds(5))
            {
                Assert.Equal(0, upstream.Count);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_FirstEndpointReturns503_RetriedOnSecondEndpoint()
    {
        await using var failing = await Upstream.StartAsync("failing", Status(503));
        await using var healthy = await Upstream.StartAsync("healthy");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host(
            "reviews",
            [Snap.To("reviews") with { Retries = new RetryPolicy { Attempts = 2, RetryOn = ["gateway-error"] } }],
            Snap.Cluster("reviews", Snap.RoundRobin())));
        proxy.SetEndpoints("reviews", failing, healthy);

        for (var i = 0; i < 4; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("healthy", await response.Content.ReadAsStringAsync());
        }

        Assert.True(failing.Count >= 1);
    }

    [Fact]
    public async Task Send_Post503WithBufferedBody_RetriedWithSameBody()
    {
        await using var failing = await Upstream.StartAsync("failing", Status(503));
        await using var echo = await Upstream.StartAsync("echo", async c => await c.Response.WriteAsync(await new StreamReader(c.Request.Body).ReadToEndAsync()));
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host(
            "reviews",
            [Snap.To("reviews") with { Retries = new RetryPolicy { Attempts = 1, RetryOn = ["5xx"] } }],
            Snap.Cluster("reviews", Snap.RoundRobin())));
        proxy.SetEndpoints("reviews", failing, echo);

        for (var i = 0; i < 2; i++)
        {
            using var response = await proxy.SendAsync("reviews", "/", HttpMethod.Post, r => r.Content = new StringContent("payload-" + i));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("payload-" + i, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Send_EndpointRefusesConnections_DefaultRetryUsesAnotherEndpoint()
    {
        var closed = await Upstream.StartAsync("closed");
        await closed.DisposeAsync();
        await using var healthy = await Upstream.StartAsync("healthy");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", Snap.RoundRobin())));
        proxy.SetEndpoints("reviews", closed, healthy);

        for (var i = 0; i < 4; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Send_UpstreamSlowerThanRouteTimeout_Returns504()
    {
        var time = new FakeTimeProvider();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await Upstream.StartAsync("slow", Blocking(received, release));
        await using var proxy = await ProxyHarness.StartAsync(time);
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews") with { Timeout = TimeSpan.FromSeconds(2) }]));
        proxy.SetEndpoints("reviews", slow);

        var pending = proxy.SendAsync("reviews");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending;
        release.SetResult();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_FirstTryExceedsPerTryTimeout_RetriedOnOtherEndpoint()
    {
        var time = new FakeTimeProvider();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await Upstream.StartAsync("slow", Blocking(received, release));
        await using var fast = await Upstream.StartAsync("fast");
        await using var proxy = await ProxyHarness.StartAsync(time);
        proxy.Load(Snap.Host(
            "reviews",
            [Snap.To("reviews") with { Retries = new RetryPolicy { Attempts = 1, PerTryTimeout = TimeSpan.FromSeconds(1), RetryOn = ["5xx"] } }],
            Snap.Cluster("reviews", Snap.RoundRobin())));
        proxy.SetEndpoints("reviews", slow, fast);

        var pending = proxy.SendAsync("reviews");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fast", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_EndpointReturning500s_EjectedThenReturnedAfterEjectionTime()
    {
        var time = new FakeTimeProvider();
        await using var broken = await Upstream.StartAsync("broken", Status(500));
        await using var healthy = await Upstream.StartAsync("healthy");
        await using var proxy = await ProxyHarness.StartAsync(time);
        var policy = Snap.RoundRobin() with
        {
            OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 2, Interval = TimeSpan.FromSeconds(10), BaseEjectionTime = TimeSpan.FromSeconds(30), MaxEjectionPercent = 100 },
        };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", broken, healthy);

        for (var i = 0; i < 4; i++)
        {
            using var warmup = await proxy.SendAsync("reviews");
        }

        Assert.Equal(2, broken.Count);
        for (var i = 0; i < 10; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, broken.Count);
        time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 4; i++)
        {
            using var after = await proxy.SendAsync("reviews");
        }

        Assert.True(broken.Count > 2);
    }

    [Fact]
    public async Task Send_MoreConcurrentRequestsThanPoolAllows_OverflowReturns503WithHeader()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await Upstream.StartAsync("slow", Blocking(received, release));
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = new TrafficPolicy { ConnectionPool = new ConnectionPoolSettings { Http = new HttpPoolSettings { Http2MaxRequests = 1 } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", slow);

        var first = proxy.SendAsync("reviews");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var overflow = await proxy.SendAsync("reviews");
        release.SetResult();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        Assert.Equal("true", string.Join(",", overflow.Headers.GetValues("x-mesh-overflow")));
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public async Task Send_Mirror_ShadowGetsCopyWithShadowHost()
    {
        var mirrored = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var primary = await Upstream.StartAsync("primary");
        await using var shadow = await Upstream.StartAsync("shadow", c =>
        {
            mirrored.TrySetResult(c.Request.Host.Value + c.Request.Path.Value);
            return Task.CompletedTask;
        });
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", [Snap.To("reviews") with { Mirror = new MirrorPolicy { Destination = new RouteDestination { Host = "reviews-next" } } }]));
        proxy.SetEndpoints("reviews", primary);
        proxy.SetEndpoints("reviews-next", shadow);

        using var response = await proxy.SendAsync("reviews", "/items");

        Assert.Equal("primary", await response.Content.ReadAsStringAsync());
        Assert.Equal("reviews-shadow/items", await mirrored.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
