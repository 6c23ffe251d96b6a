using System.Net;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Tests;

public class PortLevelSettingsTests
{
    private static HttpRoute ToPort(int port) => new() { Route = [new RouteDestination { Host = "reviews", Port = port }] };

    private static async Task<HashSet<string>> BackendsAsync(ProxyHarness proxy, string host, int requests)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await proxy.SendAsync(host, configure: r => r.Headers.Add("x-user", "jason"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add(await response.Content.ReadAsStringAsync());
        }

        return seen;
    }

    [Fact]
    public async Task Send_DestinationPortWithOwnLoadBalancer_UsesPortPolicy()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = Snap.RoundRobin() with
        {
            PortLevelSettings =
            [
                new PortTrafficPolicy { Port = 9080, LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user", Maglev = new MaglevSettings() } } },
            ],
        };
        var cluster = Snap.Cluster("reviews", policy);
        proxy.Load(Snap.Host("hashed", [ToPort(9080)], cluster), Snap.Host("plain", [ToPort(9090)], cluster), Snap.Host("reviews", null, cluster));
        proxy.SetEndpoints("reviews", a, b);

        Assert.Single(await BackendsAsync(proxy, "hashed", 6));
        Assert.Equal(2, (await BackendsAsync(proxy, "plain", 6)).Count);
    }

    [Fact]
    public async Task Send_SubsetPortLevelSettings_OverrideClusterPortLevel()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var proxy = await ProxyHarness.StartAsync();
        var hash = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user" } };
        var clusterPolicy = new TrafficPolicy { LoadBalancer = hash, PortLevelSettings = [new PortTrafficPolicy { Port = 9080, LoadBalancer = hash }] };
        var subset = new Subset
        {
            Name = "v1",
            Labels = new Dictionary<string, string>(),
            TrafficPolicy = new TrafficPolicy { PortLevelSettings = [new PortTrafficPolicy { Port = 9080, LoadBalancer = new LoadBalancerSettings { Simple = LoadBalancerKind.RoundRobin } }] },
        };
        var cluster = Snap.Cluster("reviews", clusterPolicy, subset);
        var route = new HttpRoute { Route = [new RouteDestination { Host = "reviews", Subset = "v1", Port = 9080 }] };
        proxy.Load(Snap.Host("rr", [route], cluster), Snap.Host("hashed", [ToPort(9080)], cluster));
        proxy.SetEndpoints("reviews", a, b);

        Assert.Equal(2, (await BackendsAsync(proxy, "rr", 6)).Count);
        Assert.Single(await BackendsAsync(proxy, "hashed", 6));
    }
}
