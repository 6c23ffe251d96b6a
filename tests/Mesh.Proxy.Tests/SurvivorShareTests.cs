using System.Globalization;
using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

// When some endpoints are unavailable (ejected by outlier detection or unhealthy in the catalog), the endpoints left
// share their traffic evenly, or in proportion to their weights, as in Envoy, which builds its balancers over the
// available hosts. Shares are asserted within ±3 percentage points over 10 000 picks with a seeded generator.
public sealed class SurvivorShareTests
{
    private const int Picks = BalancerPicks.Count;
    private const string HashHeader = "x-user";

    private static readonly ConsistentHashSettings s_ring = new() { HttpHeaderName = HashHeader, RingHash = new RingHashSettings { MinimumRingSize = 16_384 } };
    private static readonly ConsistentHashSettings s_maglev = new() { HttpHeaderName = HashHeader, Maglev = new MaglevSettings() };

    public static TheoryData<string, string> KindsAndCauses => new()
    {
        { "round-robin", "ejected" }, { "round-robin", "unhealthy" },
        { "random", "ejected" }, { "random", "unhealthy" },
        { "least-request", "ejected" }, { "least-request", "unhealthy" },
        { "ring-hash", "ejected" }, { "ring-hash", "unhealthy" },
        { "maglev", "ejected" }, { "maglev", "unhealthy" },
    };

    public static TheoryData<string> Kinds => ["round-robin", "random", "least-request", "ring-hash", "maglev"];

    public static TheoryData<string> RandomKinds => ["random", "least-request", "ring-hash", "maglev"];

    public static TheoryData<string> HashKinds => ["ring-hash", "maglev"];

    [Theory]
    [MemberData(nameof(KindsAndCauses))]
    public void Pick_FirstFiveOfTenUnavailable_EachSurvivorTakesAFifth(string kind, string cause)
    {
        var endpoints = Endpoints(10);
        for (var i = 0; i < 5; i++)
        {
            MakeUnavailable(endpoints[i], cause);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints);

        Assert.All(endpoints.Take(5), gone => Assert.Equal(0, counts.GetValueOrDefault(gone)));
        Assert.All(endpoints.Skip(5), survivor => Assert.InRange(Share(counts, survivor), 17, 23));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_ScatteredEjections_EachOfFiveSurvivorsTakesAFifth(string kind)
    {
        var endpoints = Endpoints(10);
        int[] ejected = [1, 2, 5, 6, 7];
        foreach (var i in ejected)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints);

        Assert.All(endpoints.Where((_, i) => !ejected.Contains(i)), survivor => Assert.InRange(Share(counts, survivor), 17, 23));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_InPanic_EveryCatalogHealthyEndpointTakesAnEighth(string kind)
    {
        // Two unhealthy in the catalog, six ejected: in panic the six ejected count again, the two unhealthy never do,
        // so the eight catalog-healthy endpoints share evenly (not the first one after the unhealthy pair taking 3/8).
        var endpoints = Endpoints(10);
        MakeUnavailable(endpoints[0], "unhealthy");
        MakeUnavailable(endpoints[1], "unhealthy");
        for (var i = 2; i < 8; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints, panic: true);

        Assert.Equal(0, counts.GetValueOrDefault(endpoints[0]) + counts.GetValueOrDefault(endpoints[1]));
        Assert.All(endpoints.Skip(2), healthy => Assert.InRange(Share(counts, healthy), 12.5 - 3, 12.5 + 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_PanicThresholdBalancer_SpreadsOverAllCatalogHealthyEndpoints(string kind)
    {
        // Two unhealthy and five ejected leave 3 of 10 available, below a 50 % threshold: the balancer panics on its
        // own and the eight catalog-healthy endpoints share evenly.
        var endpoints = Endpoints(10);
        MakeUnavailable(endpoints[0], "unhealthy");
        MakeUnavailable(endpoints[1], "unhealthy");
        for (var i = 2; i < 7; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(LocalityAwareBalancer.Wrap(Create(kind), null, null, outlierDetection: true, new ProxyRandom(5), panicThreshold: 50), endpoints);

        Assert.Equal(0, counts.GetValueOrDefault(endpoints[0]) + counts.GetValueOrDefault(endpoints[1]));
        Assert.All(endpoints.Skip(2), healthy => Assert.InRange(Share(counts, healthy), 12.5 - 3, 12.5 + 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_Weighted3To1WithLightEndpointsEjected_SurvivorsShareByWeight(string kind)
    {
        // Weights 3,1,1,...,1 with endpoints 1-4 ejected: survivors weigh 3 + 5 × 1 = 8, so 37.5 % and 12.5 % each.
        var endpoints = Endpoints(10, weights: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        for (var i = 1; i < 5; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints);

        Assert.InRange(Share(counts, endpoints[0]), 37.5 - 3, 37.5 + 3);
        Assert.All(endpoints.Skip(5), light => Assert.InRange(Share(counts, light), 12.5 - 3, 12.5 + 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_Weighted3To1WithHeavyEndpointEjected_SurvivorsShareEvenly(string kind)
    {
        // The heavy endpoint and two light ones ejected: seven survivors of weight 1, a seventh each (14.3 %).
        var endpoints = Endpoints(10, weights: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        int[] ejected = [0, 2, 3];
        foreach (var i in ejected)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints);

        Assert.All(endpoints.Where((_, i) => !ejected.Contains(i)), survivor => Assert.InRange(Share(counts, survivor), (100.0 / 7) - 3, (100.0 / 7) + 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_WeightedInPanic_CatalogHealthyEndpointsShareByWeight(string kind)
    {
        // Weights 1,1,4,1,1,1: the first two unhealthy, the rest ejected; in panic weights 4,1,1,1 → 4/7 and 1/7 each.
        var endpoints = Endpoints(6, weights: [1, 1, 4, 1, 1, 1]);
        MakeUnavailable(endpoints[0], "unhealthy");
        MakeUnavailable(endpoints[1], "unhealthy");
        for (var i = 2; i < 6; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints, panic: true);

        Assert.InRange(Share(counts, endpoints[2]), (400.0 / 7) - 3, (400.0 / 7) + 3);
        Assert.All(endpoints.Skip(3), light => Assert.InRange(Share(counts, light), (100.0 / 7) - 3, (100.0 / 7) + 3));
    }

    [Fact]
    public void LeastRequest_BusySurvivorAfterEjectedRun_ChosenOnlyWhenBothChoicesLandOnIt()
    {
        // Both random choices are among the five survivors: the busy one wins only when drawn twice (1/25 = 4 %), and
        // the other four share the rest (24 % each). Choices that landed on ejected endpoints would reach it far more.
        var endpoints = Endpoints(10);
        for (var i = 0; i < 5; i++)
        {
            Eject(endpoints[i]);
        }

        endpoints[5].Enter();

        var counts = BalancerPicks.Tally(Create("least-request"), endpoints);

        Assert.InRange(Share(counts, endpoints[5]), 4 - 2, 4 + 2);
        Assert.All(endpoints.Skip(6), idle => Assert.InRange(Share(counts, idle), 24 - 3, 24 + 3));
    }

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void Pick_RetryExcludingASurvivor_OtherSurvivorsShareEvenly(string kind)
    {
        var endpoints = Endpoints(10);
        for (var i = 0; i < 5; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints, exclude: endpoints[5]);

        Assert.Equal(0, counts.GetValueOrDefault(endpoints[5]));
        Assert.All(endpoints.Skip(6), other => Assert.InRange(Share(counts, other), 22, 28));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_RetryExcludingASurvivor_NeverReturnsItOrAnEjectedEndpoint(string kind)
    {
        var endpoints = Endpoints(10, weights: [1, 1, 1, 1, 1, 5, 1, 1, 1, 1]);
        for (var i = 0; i < 5; i++)
        {
            Eject(endpoints[i]);
        }

        var counts = BalancerPicks.Tally(Create(kind), endpoints, exclude: endpoints[5]);

        Assert.Equal(0, counts.GetValueOrDefault(endpoints[5]));
        Assert.All(endpoints.Take(5), ejected => Assert.Equal(0, counts.GetValueOrDefault(ejected)));
        Assert.All(endpoints.Skip(6), other => Assert.True(counts.GetValueOrDefault(other) > 0, other.Endpoint.Key + " got no retries"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_ExcludedEndpointIsTheOnlySurvivor_ReturnsItThenNullWhenItGoesToo(string kind)
    {
        var endpoints = Endpoints(4);
        Eject(endpoints[0]);
        Eject(endpoints[1]);
        Eject(endpoints[3]);
        var balancer = Create(kind);

        Assert.Same(endpoints[2], balancer.Pick(endpoints, Request(1), endpoints[2]));

        Eject(endpoints[2]);
        Assert.Null(balancer.Pick(endpoints, Request(1), endpoints[2]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_EjectedEndpointReturns_SharesEvenlyAgain(string kind)
    {
        var endpoints = Endpoints(4);
        Eject(endpoints[0]);
        var balancer = Create(kind);
        BalancerPicks.Tally(balancer, endpoints);

        endpoints[0].Uneject();
        var counts = BalancerPicks.Tally(balancer, endpoints);

        Assert.All(endpoints, endpoint => Assert.InRange(Share(counts, endpoint), 22, 28));
    }

    [Theory]
    [MemberData(nameof(HashKinds))]
    public void PickByKey_AnotherEndpointEjected_KeysOfHealthyOwnersStay(string kind)
    {
        var endpoints = Endpoints(10);
        var balancer = Create(kind);
        var before = Owners(balancer, endpoints);

        Eject(endpoints[3]);
        Eject(endpoints[4]);
        var during = Owners(balancer, endpoints);

        var moved = 0;
        var newOwners = new HashSet<EndpointState>();
        for (var i = 0; i < before.Length; i++)
        {
            if (ReferenceEquals(before[i], endpoints[3]) || ReferenceEquals(before[i], endpoints[4]))
            {
                Assert.NotSame(endpoints[3], during[i]);
                Assert.NotSame(endpoints[4], during[i]);
                newOwners.Add(during[i]);
            }
            else
            {
                moved += ReferenceEquals(before[i], during[i]) ? 0 : 1;
            }
        }

        Assert.Equal(0, moved);

        // The ejected endpoints' keys go to their next owners on the ring or table: spread, not onto one survivor.
        Assert.True(newOwners.Count >= 6, $"the ejected endpoints' keys went to only {newOwners.Count} survivors");

        endpoints[3].Uneject();
        endpoints[4].Uneject();
        Assert.Equal(before, Owners(balancer, endpoints));
    }

    [Theory]
    [MemberData(nameof(HashKinds))]
    public void PickByKey_AnotherEndpointEjected_MovedKeysSpreadOverSurvivors(string kind)
    {
        var endpoints = Endpoints(10);
        var balancer = Create(kind);
        Eject(endpoints[0]);

        var owners = Owners(balancer, endpoints);

        Assert.All(endpoints.Skip(1), survivor => Assert.InRange(100.0 * owners.Count(o => ReferenceEquals(o, survivor)) / owners.Length, 100.0 / 9 - 3, 100.0 / 9 + 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_SteadyStateWithEjections_AllocatesNothing(string kind)
    {
        var endpoints = Endpoints(10, weights: [3, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
        for (var i = 0; i < 5; i++)
        {
            Eject(endpoints[i]);
        }

        var balancer = Create(kind);
        var context = new DefaultHttpContext();
        balancer.Pick(endpoints, context, null);

        // Other tests eject endpoints concurrently, which legitimately rebuilds the cache once: take the best round.
        var fewest = long.MaxValue;
        for (var round = 0; round < 10 && fewest > 0; round++)
        {
            var start = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                balancer.Pick(endpoints, context, endpoints[5]);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - start);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public async Task Send_ThreeOfSixEjectedRoundRobin_EachSurvivorAnswersAThird()
    {
        await using var broken1 = await Upstream.StartAsync("broken1", Status500);
        await using var broken2 = await Upstream.StartAsync("broken2", Status500);
        await using var broken3 = await Upstream.StartAsync("broken3", Status500);
        await using var a = await Upstream.StartAsync("a");
        await using var b = await Upstream.StartAsync("b");
        await using var c = await Upstream.StartAsync("c");
        await using var proxy = await ProxyHarness.StartAsync();
        var policy = Snap.RoundRobin() with
        {
            OutlierDetection = new OutlierDetection
            {
                Consecutive5xxErrors = 1,
                BaseEjectionTime = TimeSpan.FromMinutes(5),
                MaxEjectionPercent = 100,
            },
        };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", policy)));
        proxy.SetEndpoints("reviews", broken1, broken2, broken3, a, b, c);

        // One round of six: each broken upstream answers 500 once and is ejected.
        for (var i = 0; i < 6; i++)
        {
            using var warmup = await proxy.SendAsync("reviews");
        }

        Upstream[] survivors = [a, b, c];
        var before = survivors.Select(u => u.Count).ToArray();
        for (var i = 0; i < 60; i++)
        {
            using var response = await proxy.SendAsync("reviews");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(survivors.Select((u, i) => u.Count - before[i]), received => Assert.InRange(received, 18, 22));
    }

    private static ILoadBalancer Create(string kind) => kind switch
    {
        "round-robin" => new RoundRobinBalancer(),
        "random" => new RandomBalancer(new ProxyRandom(11)),
        "least-request" => new LeastRequestBalancer(new ProxyRandom(11)),
        "ring-hash" => new RingHashBalancer(s_ring, new ProxyRandom(11)),
        "maglev" => new MaglevBalancer(s_maglev, new ProxyRandom(11)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown balancer kind"),
    };

    private static EndpointState[] Endpoints(int count, int[]? weights = null) =>
        [.. Enumerable.Range(0, count).Select(i => new EndpointState(new UpstreamEndpoint
        {
            Address = "10.2.0." + (i + 1).ToString(CultureInfo.InvariantCulture),
            Port = 8080,
            Weight = weights?[i] ?? 1,
        }))];

    private static void Eject(EndpointState endpoint) => endpoint.Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));

    private static void MakeUnavailable(EndpointState endpoint, string cause)
    {
        if (cause == "ejected")
        {
            Eject(endpoint);
            return;
        }

        endpoint.Endpoint = endpoint.Endpoint with { Healthy = false };
    }

    private static EndpointState[] Owners(ILoadBalancer balancer, EndpointState[] endpoints) =>
        [.. Enumerable.Range(0, Picks).Select(i => balancer.Pick(endpoints, Request(i), null)!)];

    private static DefaultHttpContext Request(int user)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[HashHeader] = "user-" + user.ToString(CultureInfo.InvariantCulture);
        return context;
    }

    private static double Share(Dictionary<EndpointState, int> counts, EndpointState endpoint) =>
        counts.GetValueOrDefault(endpoint) * 100.0 / Picks;

    private static Task Status500(HttpContext context)
    {
        context.Response.StatusCode = 500;
        return Task.CompletedTask;
    }
}
