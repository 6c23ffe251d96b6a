using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

// Envoy's panic threshold (Istio's outlier_detection.min_health_percent). Shares are asserted within ±3 percentage
// points over 10 000 picks with a seeded generator.
public sealed class PanicThresholdTests
{
    private const int Picks = BalancerPicks.Count;
    private const string Local = "us-west/zone1/a";
    private const string SameRegion = "us-west/zone2/a";
    private static readonly LocalityLoadBalancing s_failover = new();

    [Fact]
    public void Pick_MinHealth50With6Of10Ejected_SpreadsOverAllTenIncludingEjected()
    {
        var endpoints = Build((Local, 10));
        EjectFirst(endpoints, Local, 6);

        var counts = BalancerPicks.Tally(Plain(panicThreshold: 50), endpoints);

        Assert.All(endpoints, endpoint => Assert.InRange(Share(counts, endpoint), 7, 13));
    }

    [Fact]
    public void Pick_MinHealth50With5Of10Ejected_StaysOnAvailableEndpoints()
    {
        // 50 % available is not below a 50 % threshold.
        var endpoints = Build((Local, 10));
        EjectFirst(endpoints, Local, 5);

        var counts = BalancerPicks.Tally(Plain(panicThreshold: 50), endpoints);

        Assert.All(endpoints.Take(5), ejected => Assert.Equal(0, counts.GetValueOrDefault(ejected)));
        Assert.All(endpoints.Skip(5), available => Assert.True(counts.GetValueOrDefault(available) > 0));
    }

    [Fact]
    public void Pick_MinHealth90With8Of10Available_IgnoresThresholdWhileOverprovisionedHealthIsFull()
    {
        // 80 % < 90 %, but 140 × 8 / 10 ≥ 100: Envoy disregards the threshold when the normalised total health is 100.
        var endpoints = Build((Local, 10));
        EjectFirst(endpoints, Local, 2);

        var counts = BalancerPicks.Tally(Plain(panicThreshold: 90), endpoints);

        Assert.Equal(0, counts.GetValueOrDefault(endpoints[0]) + counts.GetValueOrDefault(endpoints[1]));
    }

    [Fact]
    public void Pick_InPanic_NeverPicksEndpointsTheCatalogReportsUnhealthy()
    {
        // 3 of 10 available (4 unhealthy in the catalog, 3 ejected): panic reaches the 3 ejected, not the 4 unhealthy.
        var endpoints = Build((Local, 10));
        for (var i = 0; i < 4; i++)
        {
            endpoints[i].Endpoint = endpoints[i].Endpoint with { Healthy = false };
        }

        for (var i = 4; i < 7; i++)
        {
            endpoints[i].Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));
        }

        var counts = BalancerPicks.Tally(Plain(panicThreshold: 50), endpoints);

        Assert.All(endpoints.Take(4), unhealthy => Assert.Equal(0, counts.GetValueOrDefault(unhealthy)));
        Assert.All(endpoints.Skip(4), healthy => Assert.True(counts.GetValueOrDefault(healthy) > 0, healthy.Endpoint.Key + " got no traffic"));
    }

    [Fact]
    public void Pick_MaglevKeyOwnedByEjectedEndpoint_ReachesItInPanicOnly()
    {
        var settings = new ConsistentHashSettings { HttpHeaderName = "x-user", Maglev = new MaglevSettings() };
        var endpoints = Build((Local, 4));
        var context = new DefaultHttpContext();
        context.Request.Headers["x-user"] = "jason";
        var owner = new MaglevBalancer(settings, new ProxyRandom(1)).Pick(endpoints, context, null)!;
        owner.Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));

        var calm = LocalityAwareBalancer.Wrap(new MaglevBalancer(settings, new ProxyRandom(1)), null, null, outlierDetection: true, new ProxyRandom(1), panicThreshold: 75);
        Assert.NotSame(owner, calm.Pick(endpoints, context, null));

        // A second ejection leaves 2 of 4 (50 %) available, below 75 %: the key goes back to its owner.
        endpoints.First(e => !ReferenceEquals(e, owner)).Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));
        Assert.Same(owner, calm.Pick(endpoints, context, null));
    }

    [Fact]
    public void Pick_AllPrioritiesInPanic_SplitsByEndpointCountAcrossWholePriorities()
    {
        // 2 of 10 local and 6 of 30 same-region available: 20 % each, both under 50 % → total panic. Loads follow the
        // endpoint counts (10 : 30 → 25 % / 75 %), not the healths (28 : 28 → 50 % / 50 %), and reach every endpoint.
        var endpoints = Build((Local, 10), (SameRegion, 30));
        EjectFirst(endpoints, Local, 8);
        EjectFirst(endpoints, SameRegion, 24);

        var counts = BalancerPicks.Tally(Failover(panicThreshold: 50), endpoints);

        Assert.InRange(LocalityShare(counts, Local), 22, 28);
        Assert.InRange(LocalityShare(counts, SameRegion), 72, 78);
        Assert.All(endpoints, endpoint => Assert.True(counts.GetValueOrDefault(endpoint) > 0, endpoint.Endpoint.Key + " got no traffic"));
    }

    [Fact]
    public void Pick_OnlyFirstPriorityBelowThreshold_PanicsThereAndKeepsHealthyEndpointsOnlyInTheOther()
    {
        // Envoy's documented case: P0 5 % healthy, P1 65 % healthy. Healths 7 and 91 → normalised 98 < 100, so the
        // threshold applies: P0 (5 % < 50 %) is in panic, P1 is not. Loads 7 + 1 (rounding) = 8 % and 92 %.
        var endpoints = Build((Local, 20), (SameRegion, 20));
        EjectFirst(endpoints, Local, 19);
        EjectFirst(endpoints, SameRegion, 7);

        var counts = BalancerPicks.Tally(Failover(panicThreshold: 50), endpoints);

        Assert.InRange(LocalityShare(counts, Local), 5, 11);
        Assert.InRange(LocalityShare(counts, SameRegion), 89, 95);
        Assert.True(endpoints.Take(19).Count(ejected => counts.GetValueOrDefault(ejected) > 0) >= 15, "ejected local endpoints should take traffic in panic");
        Assert.All(endpoints.Skip(20).Take(7), ejected => Assert.Equal(0, counts.GetValueOrDefault(ejected)));
    }

    [Fact]
    public void Pick_NextPriorityAbsorbsTheTraffic_NoPanicBelowThreshold()
    {
        // 2 of 10 local available (20 % < 50 %), but the healthy next priority brings the normalised total to 100.
        var endpoints = Build((Local, 10), (SameRegion, 10));
        EjectFirst(endpoints, Local, 8);

        var counts = BalancerPicks.Tally(Failover(panicThreshold: 50), endpoints);

        Assert.InRange(LocalityShare(counts, Local), 25, 31);
        Assert.All(endpoints.Take(8), ejected => Assert.Equal(0, counts.GetValueOrDefault(ejected)));
    }

    [Fact]
    public async Task Send_MinHealth50_ThreeOfFourEjected_TrafficReachesAllFourAgain()
    {
        var time = new FakeTimeProvider();
        await using var healthy = await Upstream.StartAsync("healthy");
        await using var broken1 = await Upstream.StartAsync("broken1", Status500);
        await using var broken2 = await Upstream.StartAsync("broken2", Status500);
        await using var broken3 = await Upstream.StartAsync("broken3", Status500);
        await using var proxy = await ProxyHarness.StartAsync(time);
        var policy = Snap.RoundRobin() with
        {
            OutlierDetection = new OutlierDetection
            {
                Consecutive5xxErrors = 1,
                Interval = TimeSpan.FromSeconds(10),
                BaseEjectionTime = TimeSpan.FromMinutes(5),
                MaxEjectionPercent = 100,
                MinHealthPercent = 50,
            },
        };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", healthy, broken1, broken2, broken3);

        // Each broken upstream answers 500 once and is ejected; with 1 of 4 left (25 % < 50 %) the pool panics.
        for (var i = 0; i < 8; i++)
        {
            using var warmup = await proxy.SendAsync("reviews");
        }

        Upstream[] all = [healthy, broken1, broken2, broken3];
        var before = all.Select(u => u.Count).ToArray();
        var failures = 0;
        for (var i = 0; i < 40; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            failures += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        var received = all.Select((u, i) => u.Count - before[i]).ToArray();
        Assert.All(received, count => Assert.InRange(count, 6, 14));
        Assert.InRange(failures, 18, 42);
    }

    private static Task Status500(HttpContext context)
    {
        context.Response.StatusCode = 500;
        return Task.CompletedTask;
    }

    private static ILoadBalancer Plain(int panicThreshold) =>
        LocalityAwareBalancer.Wrap(new RoundRobinBalancer(), null, null, outlierDetection: true, new ProxyRandom(7), panicThreshold);

    private static ILoadBalancer Failover(int panicThreshold) =>
        LocalityAwareBalancer.Wrap(new RandomBalancer(new ProxyRandom(3)), new ProxyLocality(Local), s_failover, outlierDetection: true, new ProxyRandom(7), panicThreshold);

    private static double Share(Dictionary<EndpointState, int> counts, EndpointState endpoint) =>
        counts.GetValueOrDefault(endpoint) * 100.0 / Picks;

    private static double LocalityShare(Dictionary<EndpointState, int> counts, string locality) =>
        counts.Where(pair => pair.Key.Endpoint.Locality == locality).Sum(pair => pair.Value) * 100.0 / Picks;

    private static EndpointState[] Build(params (string Locality, int Count)[] groups)
    {
        var list = new List<EndpointState>();
        foreach (var (locality, count) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                list.Add(new EndpointState(new UpstreamEndpoint { Address = "10.1." + list.Count / 250 + "." + list.Count % 250, Port = 80, Locality = locality }));
            }
        }

        return [.. list];
    }

    private static void EjectFirst(EndpointState[] endpoints, string locality, int count)
    {
        foreach (var endpoint in endpoints.Where(e => e.Endpoint.Locality == locality).Take(count))
        {
            endpoint.Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));
        }
    }
}
