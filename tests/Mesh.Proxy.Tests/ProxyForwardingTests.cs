using System.Net;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Proxy.Tests;

public class ProxyForwardingTests
{
    [Fact]
    public async Task Send_UnknownHost_Returns404WithHostInBody()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews"));

        using var response = await proxy.SendAsync("ratings:9080");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no route for host \"ratings\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_NoEndpoints_Returns503NoHealthyUpstream()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews"));

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no healthy upstream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_KnownHost_ForwardsWithOriginalHostAndPath()
    {
        await using var upstream = await Upstream.StartAsync("reviews-1");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", upstream);

        using var response = await proxy.SendAsync("reviews:9080", "/reviews/1?x=y");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-1", await response.Content.ReadAsStringAsync());
        Assert.True(upstream.Requests.TryPeek(out var seen));
        Assert.Equal("reviews:9080", seen.Host);
        Assert.Equal("/reviews/1?x=y", seen.PathAndQuery);
    }

    [Fact]
    public async Task Send_WeightedSplit90To10_SplitsWithinTolerance()
    {
        await using var v1 = await Upstream.StartAsync("v1");
        await using var v2 = await Upstream.StartAsync("v2");
        await using var proxy = await ProxyHarness.StartAsync(seed: 7);
        proxy.Load(Snap.Host(
            "reviews",
            [new HttpRoute
            {
                Route =
                [
                    new RouteDestination { Host = "reviews", Subset = "v1", Weight = 90 },
                    new RouteDestination { Host = "reviews", Subset = "v2", Weight = 10 },
                ],
            }],
            Snap.Cluster("reviews", null, Snap.Subset("v1", "v1"), Snap.Subset("v2", "v2"))));
        proxy.SetEndpoints("reviews", (v1, Snap.Version("v1")), (v2, Snap.Version("v2")));

        for (var i = 0; i < 2000; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Expected 200 of 2000 for v2; binomial sd is about 13, so ±60 is more than 4 sd.
        Assert.Equal(2000, v1.Count + v2.Count);
        Assert.InRange(v2.Count, 140, 260);
    }

    [Fact]
    public async Task Send_HeaderMatchToSubset_ReachesOnlyLabelledEndpoints()
    {
        await using var v1 = await Upstream.StartAsync("v1");
        await using var v2 = await Upstream.StartAsync("v2");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host(
            "reviews",
            [
                new HttpRoute
                {
                    Match = [new HttpMatch { Headers = new Dictionary<string, StringMatch> { ["end-user"] = new() { Exact = "jason" } } }],
                    Route = [new RouteDestination { Host = "reviews", Subset = "v2" }],
                },
                Snap.To("reviews", "v1"),
            ],
            Snap.Cluster("reviews", null, Snap.Subset("v1", "v1"), Snap.Subset("v2", "v2"))));
        proxy.SetEndpoints("reviews", (v1, Snap.Version("v1")), (v2, Snap.Version("v2")));

        for (var i = 0; i < 10; i++)
        {
            using var jason = await proxy.SendAsync("reviews", configure: r => r.Headers.Add("end-user", "jason"));
            Assert.Equal("v2", await jason.Content.ReadAsStringAsync());
            using var other = await proxy.SendAsync("reviews");
            Assert.Equal("v1", await other.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Send_RoundRobin_AlternatesEndpoints()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", Snap.RoundRobin())));
        proxy.SetEndpoints("reviews", a, b);

        for (var i = 0; i < 10; i++)
        {
            using var response = await proxy.SendAsync("reviews");
        }

        Assert.Equal(5, a.Count);
        Assert.Equal(5, b.Count);
    }

    [Fact]
    public async Task Send_ConsistentHashOnHeader_SameUserSameEndpoint()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var c = await Upstream.StartAsync("c");
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user" } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", a, b, c);

        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await proxy.SendAsync("reviews", configure: r => r.Headers.Add("x-user", user));
                seen.Add(await response.Content.ReadAsStringAsync());
            }

            Assert.Single(seen);
        }
    }

    [Fact]
    public async Task Send_RewriteAndHeaderMutations_UpstreamAndClientSeeThem()
    {
        await using var upstream = await Upstream.StartAsync("up");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", [new HttpRoute
        {
            Match = [new HttpMatch { Uri = new StringMatch { Prefix = "/old" } }],
            Rewrite = new HttpRewrite { Uri = "/new", Authority = "reviews.internal" },
            Headers = new HeaderOperations
            {
                Request = new HeaderMutation { Set = new Dictionary<string, string> { ["x-route"] = "r1" }, Remove = ["x-secret"] },
                Response = new HeaderMutation { Add = new Dictionary<string, string> { ["x-served-by"] = "mesh" }, Remove = ["x-upstream"] },
            },
            Route = [new RouteDestination { Host = "reviews" }],
        }]));
        proxy.SetEndpoints("reviews", upstream);

        using var response = await proxy.SendAsync("reviews", "/old/items?q=1", configure: r => r.Headers.Add("x-secret", "s"));

        Assert.True(upstream.Requests.TryPeek(out var seen));
        Assert.Equal("reviews.internal", seen.Host);
        Assert.Equal("/new/items?q=1", seen.PathAndQuery);
        Assert.Equal("r1", seen.Headers["x-route"]);
        Assert.False(seen.Headers.ContainsKey("x-secret"));
        Assert.Equal("mesh", string.Join(",", response.Headers.GetValues("x-served-by")));
        Assert.False(response.Headers.Contains("x-upstream"));
    }

    [Fact]
    public async Task Send_RedirectAndDirectResponse_AnsweredByProxy()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("shop", [
            new HttpRoute { Match = [new HttpMatch { Uri = new StringMatch { Exact = "/old" } }], Redirect = new HttpRedirect { Uri = "/new", RedirectCode = 302 } },
            new HttpRoute { DirectResponse = new HttpDirectResponse { Status = 418, Body = "teapot" } },
        ]));

        using var redirect = await proxy.SendAsync("shop", "/old");
        using var direct = await proxy.SendAsync("shop", "/anything");

        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("http://shop/new", redirect.Headers.Location?.ToString());
        Assert.Equal(418, (int)direct.StatusCode);
        Assert.Equal("teapot", await direct.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_Http2CleartextListener_IsForwarded()
    {
        await using var upstream = await Upstream.StartAsync("up");
        await using var proxy = await ProxyHarness.StartAsync(protocols: HttpProtocols.Http2);
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", upstream);

        using var response = await proxy.SendAsync("reviews", configure: r =>
        {
            r.Version = HttpVersion.Version20;
            r.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        });

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("up", await response.Content.ReadAsStringAsync());
    }
}
