using System.Globalization;
using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public class MaglevBalancerTests
{
    private static readonly ConsistentHashSettings s_settings = new() { HttpHeaderName = "x-user", Maglev = new MaglevSettings() };

    private static EndpointState[] Endpoints(params int[] ports) =>
        [.. ports.Select(p => new EndpointState(new UpstreamEndpoint { Address = "10.0.0.1", Port = p }))];

    private static string Key(int i) => "user-" + i.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Pick_SameKey_SameEndpoint()
    {
        var balancer = new MaglevBalancer(s_settings, new ProxyRandom(1));
        var endpoints = Endpoints(8001, 8002, 8003);
        var context = new DefaultHttpContext();
        context.Request.Headers["x-user"] = "jason";

        var first = balancer.Pick(endpoints, context, null);
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(first, balancer.Pick(endpoints, context, null));
        }

        Assert.Equal(65537, balancer.TableSize);
    }

    [Fact]
    public void PickByKey_3000Keys_SpreadRoughlyEvenly()
    {
        var balancer = new MaglevBalancer(s_settings, new ProxyRandom(1));
        var endpoints = Endpoints(8001, 8002, 8003);

        var counts = Enumerable.Range(0, 3000).Select(i => balancer.PickByKey(endpoints, Key(i))!).GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 750, 1260));
    }

    [Fact]
    public void PickByKey_EndpointRemoved_OnlyItsKeysMove()
    {
        var balancer = new MaglevBalancer(s_settings, new ProxyRandom(1));
        var all = Endpoints(8001, 8002, 8003);
        var before = Enumerable.Range(0, 3000).Select(i => balancer.PickByKey(all, Key(i))!).ToArray();

        var remaining = new[] { all[0], all[2] };
        var after = Enumerable.Range(0, 3000).Select(i => balancer.PickByKey(remaining, Key(i))!).ToArray();

        var stayed = 0;
        var others = 0;
        for (var i = 0; i < before.Length; i++)
        {
            Assert.NotSame(all[1], after[i]);
            if (!ReferenceEquals(before[i], all[1]))
            {
                others++;
                stayed += ReferenceEquals(before[i], after[i]) ? 1 : 0;
            }
        }

        Assert.True(stayed >= others * 0.9, $"{stayed} of {others} keys kept their endpoint");
    }

    [Fact]
    public void PickByKey_EndpointEjectedOrExcluded_FallsBackToAnother()
    {
        var balancer = new MaglevBalancer(s_settings with { Maglev = new MaglevSettings { TableSize = 1000 } }, new ProxyRandom(1));
        var endpoints = Endpoints(8001, 8002);
        var owner = balancer.PickByKey(endpoints, "k")!;
        var other = endpoints.Single(e => !ReferenceEquals(e, owner));

        Assert.Same(other, balancer.PickByKey(endpoints, "k", exclude: owner));
        Assert.Equal(1009, balancer.TableSize);
        Assert.Null(balancer.PickByKey([], "k"));
    }

    [Fact]
    public async Task Send_MaglevByHeader_SameUserSameBackend()
    {
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var c = await Upstream.StartAsync("c");
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = s_settings with { Maglev = new MaglevSettings { TableSize = 251 } } } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", a, b, c);

        var seen = new HashSet<string>();
        for (var user = 0; user < 12; user++)
        {
            var answers = new HashSet<string>();
            for (var i = 0; i < 3; i++)
            {
                using var response = await proxy.SendAsync("reviews", configure: r => r.Headers.Add("x-user", Key(user)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers.Add(await response.Content.ReadAsStringAsync());
            }

            Assert.Single(answers);
            seen.UnionWith(answers);
        }

        Assert.True(seen.Count >= 2, "12 users should land on more than one backend");
    }
}
