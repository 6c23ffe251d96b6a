using System.Globalization;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

/// <summary>Endpoint weights scale each endpoint's share in every balancer; equal weights change nothing.</summary>
public class WeightedBalancingTests
{
    private const int Picks = 20_000;

    private static readonly ConsistentHashSettings s_ring = new() { HttpHeaderName = "x-user", RingHash = new RingHashSettings { MinimumRingSize = 16_384 } };
    private static readonly ConsistentHashSettings s_maglev = new() { HttpHeaderName = "x-user", Maglev = new MaglevSettings() };

    public static TheoryData<string> Kinds => ["round-robin", "random", "least-request", "ring-hash", "maglev"];

    private static EndpointState[] Endpoints(params int?[] weights) =>
        [.. weights.Select((w, i) => new EndpointState(w is { } weight
            ? new UpstreamEndpoint { Address = "10.0.0." + (i + 1).ToString(CultureInfo.InvariantCulture), Port = 8080, Weight = weight }
            : new UpstreamEndpoint { Address = "10.0.0." + (i + 1).ToString(CultureInfo.InvariantCulture), Port = 8080 }))];

    private static ILoadBalancer Create(string kind, int seed = 7) => kind switch
    {
        "round-robin" => new RoundRobinBalancer(),
        "random" => new RandomBalancer(new ProxyRandom(seed)),
        "least-request" => new LeastRequestBalancer(new ProxyRandom(seed)),
        "ring-hash" => new RingHashBalancer(s_ring, new ProxyRandom(seed)),
        _ => new MaglevBalancer(s_maglev, new ProxyRandom(seed)),
    };

    // Hash balancers get a different key per pick (the share of keys is the share of traffic); the others get none.
    private static List<EndpointState?> PickMany(ILoadBalancer balancer, EndpointState[] endpoints, int count, EndpointState? exclude = null)
    {
        var picks = new List<EndpointState?>(count);
        for (var i = 0; i < count; i++)
        {
            var context = new DefaultHttpContext();
            context.Request.Headers["x-user"] = "user-" + i.ToString(CultureInfo.InvariantCulture);
            picks.Add(balancer.Pick(endpoints, context, exclude));
        }

        return picks;
    }

    private static double Percent(List<EndpointState?> picks, EndpointState endpoint) =>
        100.0 * picks.Count(p => ReferenceEquals(p, endpoint)) / picks.Count;

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_Weights3To1_Splits75To25(string kind)
    {
        var endpoints = Endpoints(3, 1);

        var picks = PickMany(Create(kind), endpoints, Picks);

        Assert.InRange(Percent(picks, endpoints[0]), 72, 78);
        Assert.InRange(Percent(picks, endpoints[1]), 22, 28);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_Weights1To2To5_SplitsProportionally(string kind)
    {
        var endpoints = Endpoints(1, 2, 5);

        var picks = PickMany(Create(kind), endpoints, Picks);

        Assert.InRange(Percent(picks, endpoints[0]), 12.5 - 3, 12.5 + 3);
        Assert.InRange(Percent(picks, endpoints[1]), 25 - 3, 25 + 3);
        Assert.InRange(Percent(picks, endpoints[2]), 62.5 - 3, 62.5 + 3);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_EqualWeights_SameChoicesAsUnweighted(string kind)
    {
        var unweighted = Endpoints(null, null, null, null);
        var weighted = Endpoints(5, 5, 5, 5);

        var expected = PickMany(Create(kind), unweighted, 2_000);
        var actual = PickMany(Create(kind), weighted, 2_000);

        Assert.Equal(expected.Select(e => Array.IndexOf(unweighted, e)), actual.Select(e => Array.IndexOf(weighted, e)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_EqualWeights_SplitsEvenly(string kind)
    {
        var endpoints = Endpoints(2, 2);

        var picks = PickMany(Create(kind), endpoints, Picks);

        Assert.InRange(Percent(picks, endpoints[0]), 47, 53);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_WeightedWithExclude_RetryGoesToTheOtherEndpoint(string kind)
    {
        var endpoints = Endpoints(9, 1);

        var picks = PickMany(Create(kind), endpoints, 500, exclude: endpoints[0]);

        Assert.All(picks, p => Assert.Same(endpoints[1], p));
    }

    [Fact]
    public void Weight_ZeroOrNegative_CountsAsOne()
    {
        Assert.Equal(1, new UpstreamEndpoint { Address = "a", Port = 1, Weight = 0 }.Weight);
        Assert.Equal(1, new UpstreamEndpoint { Address = "a", Port = 1, Weight = -4 }.Weight);
        Assert.Equal(1, new UpstreamEndpoint { Address = "a", Port = 1 }.Weight);
        Assert.Equal(7, new UpstreamEndpoint { Address = "a", Port = 1, Weight = 7 }.Weight);
    }

    [Fact]
    public void RoundRobin_Weights3To1_InterleavesRatherThanBursts()
    {
        var endpoints = Endpoints(3, 1);
        var balancer = Create("round-robin");

        var picks = PickMany(balancer, endpoints, 8);

        // Smooth weighted round robin: the light endpoint gets exactly one turn in every four.
        for (var window = 0; window < 8; window += 4)
        {
            Assert.Equal(1, picks.Skip(window).Take(4).Count(p => ReferenceEquals(p, endpoints[1])));
        }
    }

    [Fact]
    public void Maglev_Weights3To1_TableSlotsProportional()
    {
        var endpoints = Endpoints(3, 1);
        var table = new MaglevTable(endpoints, MaglevBalancer.DefaultTableSize);

        var owned = 0;
        for (var i = 0; i < table.Size; i++)
        {
            if (ReferenceEquals(table.Find((ulong)i, null), endpoints[0]))
            {
                owned++;
            }
        }

        Assert.InRange(100.0 * owned / table.Size, 74, 76);
    }

    [Fact]
    public void RoundRobin_HugeWeights_ScheduleStaysBoundedAndProportional()
    {
        var endpoints = Endpoints(3_000_000, 1_000_000, 7);
        var balancer = Create("round-robin");

        var picks = PickMany(balancer, endpoints, Picks);

        Assert.True(EndpointWeights.For(endpoints).Schedule().Length <= EndpointWeights.MaxScheduleLength + endpoints.Length);
        Assert.InRange(Percent(picks, endpoints[0]), 72, 78);
        Assert.InRange(Percent(picks, endpoints[2]), 0, 1);
    }
}
