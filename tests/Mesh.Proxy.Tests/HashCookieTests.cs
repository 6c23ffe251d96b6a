using System.Net;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Tests;

public sealed class HashCookieTests
{
    [Fact]
    public async Task Send_HashCookieWithTtlAbsent_IssuesCookieThatKeepsTheClientOnOneBackend()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var c = await Upstream.StartAsync("c");
        await using var proxy = await ProxyHarness.StartAsync();
        var cookie = new HashCookie { Name = "mesh-affinity", Path = "/api", Ttl = TimeSpan.FromMinutes(30) };
        var policy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpCookie = cookie } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", a, b, c);

        var clients = new HashSet<string>();
        for (var client = 0; client < 8; client++)
        {
            using var first = await proxy.SendAsync("reviews", "/api/1");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
            Assert.Matches("^mesh-affinity=[0-9a-f]{32}; Path=/api; Max-Age=1800; HttpOnly$", setCookie);
            var value = setCookie.Split(';')[0];
            var backend = await first.Content.ReadAsStringAsync();

            for (var i = 0; i < 5; i++)
            {
                using var next = await proxy.SendAsync("reviews", "/api/2", configure: r => r.Headers.Add("Cookie", value));
                Assert.Equal(backend, await next.Content.ReadAsStringAsync());
                Assert.False(next.Headers.Contains("Set-Cookie"), "a client that sends the cookie gets no new one");
            }

            clients.Add(backend);
        }

        Assert.True(clients.Count >= 2, "eight new clients should not all hash to one backend");
    }

    [Fact]
    public async Task Send_HashCookieWithoutTtl_IssuesNothing()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpCookie = new HashCookie { Name = "mesh-affinity" } } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", a);

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
