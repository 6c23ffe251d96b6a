using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Tests;

// distribute weights re-weighted by each group's health as in Envoy's locality-weighted balancing: effective weight =
// weight × min(1, 1.4 × available / total). Shares are asserted within ±3 percentage points over 10 000 picks.
public sealed class DistributeHealthTests
{
    private const int Picks = BalancerPicks.Count;
    private const string Zone1 = "us-west/zone1/a";
    private const string Zone2 = "us-west/zone2/a";
    private const string East = "us-east/zone1/a";

    [Fact]
    public void Pick_80To20With3Of5EjectedInThe80Group_ShiftsTrafficByHealth()
    {
        // 80 × min(1, 1.4 × 2/5) = 44.8 against 20 → 69.1 % / 30.9 %.
        var endpoints = Build((Zone1, 5), (Zone2, 5));
        EjectFirst(endpoints, Zone1, 3);

        var shares = Shares(Balancer(80, 20), endpoints);

        Assert.InRange(shares.GetValueOrDefault(Zone1), 66, 72);
        Assert.InRange(shares.GetValueOrDefault(Zone2), 28, 34);
    }

    [Fact]
    public void Pick_80To20With1Of5Ejected_KeepsConfiguredSplitThanksToOverprovisioning()
    {
        // 1.4 × 4/5 = 1.12 → capped at 1: no adjustment.
        var endpoints = Build((Zone1, 5), (Zone2, 5));
        EjectFirst(endpoints, Zone1, 1);

        var shares = Shares(Balancer(80, 20), endpoints);

        Assert.InRange(shares.GetValueOrDefault(Zone1), 77, 83);
        Assert.InRange(shares.GetValueOrDefault(Zone2), 17, 23);
    }

    [Fact]
    public void Pick_Weights1To2WithHalfOfTheFirstGroupEjected_Matches26To74()
    {
        // Envoy's documented example: X weight 1 at 50 % healthy, Y weight 2 → 0.7 : 2 → 25.9 % / 74.1 %.
        var endpoints = Build((Zone1, 10), (Zone2, 10));
        EjectFirst(endpoints, Zone1, 5);

        var shares = Shares(Balancer(1, 2), endpoints);

        Assert.InRange(shares.GetValueOrDefault(Zone1), 23, 29);
        Assert.InRange(shares.GetValueOrDefault(Zone2), 71, 77);
    }

    [Fact]
    public void Pick_BelowMinHealth_IgnoresLocalityWeightsAndReachesEveryMatchedEndpoint()
    {
        // 4 of 10 matched endpoints available (40 % < 50 %, health 56): panic. Envoy then balances over the whole
        // priority, so the 5 + 5 endpoints share evenly whatever the 80/20 weights; the unmatched endpoint stays out.
        var endpoints = Build((Zone1, 5), (Zone2, 5), (East, 1));
        EjectFirst(endpoints, Zone1, 4);
        EjectFirst(endpoints, Zone2, 2);

        var counts = BalancerPicks.Tally(Balancer(80, 20, panicThreshold: 50), endpoints);
        var shares = ByLocality(counts);

        Assert.InRange(shares.GetValueOrDefault(Zone1), 47, 53);
        Assert.InRange(shares.GetValueOrDefault(Zone2), 47, 53);
        Assert.Equal(0.0, shares.GetValueOrDefault(East));
        Assert.All(endpoints.Take(10), endpoint => Assert.True(counts.GetValueOrDefault(endpoint) > 0, endpoint.Endpoint.Key + " got no traffic"));
    }

    [Fact]
    public void Pick_AboveMinHealth_KeepsHealthWeightedSplitAndAvoidsEjected()
    {
        // 6 of 10 available (60 % ≥ 50 %): no panic; 80 × 0.56 = 44.8 against 20 × 1 → 69.1 % / 30.9 %.
        var endpoints = Build((Zone1, 5), (Zone2, 5));
        EjectFirst(endpoints, Zone1, 3);
        EjectFirst(endpoints, Zone2, 1);

        var counts = BalancerPicks.Tally(Balancer(80, 20, panicThreshold: 50), endpoints);
        var shares = ByLocality(counts);

        Assert.InRange(shares.GetValueOrDefault(Zone1), 66, 72);
        Assert.All(endpoints.Where(e => e.IsEjected), ejected => Assert.Equal(0, counts.GetValueOrDefault(ejected)));
    }

    private static ILoadBalancer Balancer(int zone1Weight, int zone2Weight, int panicThreshold = 0)
    {
        var settings = new LocalityLoadBalancing
        {
            Distribute =
            [
                new LocalityDistribute { From = "us-west/*", To = new Dictionary<string, int> { ["us-west/zone1/*"] = zone1Weight, ["us-west/zone2/*"] = zone2Weight } },
            ],
        };
        return LocalityAwareBalancer.Wrap(new RandomBalancer(new ProxyRandom(3)), new ProxyLocality(Zone1), settings, outlierDetection: true, new ProxyRandom(11), panicThreshold);
    }

    private static Dictionary<string, double> Shares(ILoadBalancer balancer, EndpointState[] endpoints) => ByLocality(BalancerPicks.Tally(balancer, endpoints));

    private static Dictionary<string, double> ByLocality(Dictionary<EndpointState, int> counts) =>
        counts.GroupBy(pair => pair.Key.Endpoint.Locality).ToDictionary(g => g.Key, g => g.Sum(pair => pair.Value) * 100.0 / Picks);

    private static EndpointState[] Build(params (string Locality, int Count)[] groups)
    {
        var list = new List<EndpointState>();
        foreach (var (locality, count) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                list.Add(new EndpointState(new UpstreamEndpoint { Address = "10.2.0." + (list.Count + 1), Port = 80, Locality = locality }));
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
