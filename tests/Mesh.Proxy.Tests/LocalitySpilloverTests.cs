using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

// Envoy priority spill-over with overprovisioning factor 1.4. Shares are asserted within ±3 percentage points over
// 10 000 picks with a seeded generator (the binomial standard deviation at p = 0.3 is about 0.46 points).
public sealed class LocalitySpilloverTests
{
    private const int Picks = 10_000;
    private const string Local = "us-west/zone1/a";
    private const string SameRegion = "us-west/zone2/a";
    private const string Remote = "us-east/zone1/a";
    private static readonly LocalityLoadBalancing s_failoverEast = new() { Failover = [new LocalityFailover { From = "us-west", To = "us-east" }] };

    [Fact]
    public void Pick_WithAllLocalEndpointsHealthy_SendsEverythingLocal()
    {
        var endpoints = Build((Local, 10), (SameRegion, 10));

        var shares = Shares(endpoints);

        Assert.Equal(100.0, shares.GetValueOrDefault(Local));
    }

    [Fact]
    public void Pick_WithHalfOfLocalEndpointsEjected_SpillsThirtyPercentToNextPriority()
    {
        var endpoints = Build((Local, 10), (SameRegion, 10));
        EjectFirst(endpoints, Local, 5);

        var shares = Shares(endpoints);

        Assert.InRange(shares.GetValueOrDefault(Local), 67, 73);
        Assert.InRange(shares.GetValueOrDefault(SameRegion), 27, 33);
    }

    [Fact]
    public void Pick_WithEightOfTenLocalEndpointsUp_StaysFullyLocalThanksToOverprovisioning()
    {
        var endpoints = Build((Local, 10), (SameRegion, 10));
        EjectFirst(endpoints, Local, 2);

        var shares = Shares(endpoints);

        // 140 × 8 / 10 = 112 → capped at 100 %.
        Assert.Equal(100.0, shares.GetValueOrDefault(Local));
    }

    [Fact]
    public void Pick_WithUnhealthyCatalogEndpoints_CountsThemAsUnavailable()
    {
        var endpoints = Build((Local, 10), (SameRegion, 10));
        for (var i = 0; i < 5; i++)
        {
            endpoints[i].Endpoint = endpoints[i].Endpoint with { Healthy = false };
        }

        var shares = Shares(endpoints);

        Assert.InRange(shares.GetValueOrDefault(Local), 67, 73);
        Assert.InRange(shares.GetValueOrDefault(SameRegion), 27, 33);
    }

    [Fact]
    public void Pick_WhenTotalHealthBelowHundred_NormalisesLoads()
    {
        // Health 28 % (2/10), 14 % (1/10), 0 % → normalised total 42: loads 66 + 1 (rounding) = 67 % and 33 %.
        var endpoints = Build((Local, 10), (SameRegion, 10), (Remote, 4));
        EjectFirst(endpoints, Local, 8);
        EjectFirst(endpoints, SameRegion, 9);
        EjectFirst(endpoints, Remote, 4);

        var shares = Shares(endpoints);

        Assert.InRange(shares.GetValueOrDefault(Local), 64, 70);
        Assert.InRange(shares.GetValueOrDefault(SameRegion), 30, 36);
        Assert.Equal(0.0, shares.GetValueOrDefault(Remote));
    }

    [Fact]
    public void Pick_SpillingOverTwoLevels_FillsPrioritiesInOrder()
    {
        // Health 42 % (3/10), 28 % (2/10), 100 % → loads 42, 28, 30.
        var endpoints = Build((Local, 10), (SameRegion, 10), (Remote, 4));
        EjectFirst(endpoints, Local, 7);
        EjectFirst(endpoints, SameRegion, 8);

        var shares = Shares(endpoints);

        Assert.InRange(shares.GetValueOrDefault(Local), 39, 45);
        Assert.InRange(shares.GetValueOrDefault(SameRegion), 25, 31);
        Assert.InRange(shares.GetValueOrDefault(Remote), 27, 33);
    }

    [Fact]
    public void Pick_AfterEjectedEndpointsReturn_GoesBackToFullyLocal()
    {
        var endpoints = Build((Local, 10), (SameRegion, 10));
        EjectFirst(endpoints, Local, 5);
        var balancer = Balancer();
        Assert.InRange(SharesWith(balancer, endpoints).GetValueOrDefault(Local), 67, 73);

        for (var i = 0; i < 5; i++)
        {
            endpoints[i].Uneject();
        }

        Assert.Equal(100.0, SharesWith(balancer, endpoints).GetValueOrDefault(Local));
    }

    [Fact]
    public void Pick_WithOneEndpointLeftInLargeLocalGroup_StillUsesIt()
    {
        // 140 × 1 / 200 rounds to 0 % everywhere: the closest priority with an available endpoint takes all traffic.
        var endpoints = Build((Local, 200));
        EjectFirst(endpoints, Local, 199);

        var picked = Balancer().Pick(endpoints, new DefaultHttpContext(), null);

        Assert.Same(endpoints[199], picked);
    }

    [Theory]
    [InlineData(10, 10, 100)]
    [InlineData(10, 7, 98)]
    [InlineData(10, 5, 70)]
    [InlineData(10, 0, 0)]
    [InlineData(3, 2, 93)]
    public void Health_AppliesOverprovisioningFactor(int total, int available, int expected)
    {
        var endpoints = Build((Local, total));
        EjectFirst(endpoints, Local, total - available);

        Assert.Equal(expected, PriorityLoad.Health(endpoints));
    }

    private static ILoadBalancer Balancer() =>
        LocalityAwareBalancer.Wrap(new RoundRobinBalancer(), new ProxyLocality(Local), s_failoverEast, outlierDetection: true, new ProxyRandom(7));

    private static Dictionary<string, double> Shares(EndpointState[] endpoints) => SharesWith(Balancer(), endpoints);

    private static Dictionary<string, double> SharesWith(ILoadBalancer balancer, EndpointState[] endpoints)
    {
        var context = new DefaultHttpContext();
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Picks; i++)
        {
            var picked = balancer.Pick(endpoints, context, null);
            Assert.NotNull(picked);
            Assert.True(picked.IsAvailable);
            counts[picked.Endpoint.Locality] = counts.GetValueOrDefault(picked.Endpoint.Locality) + 1;
        }

        return counts.ToDictionary(pair => pair.Key, pair => pair.Value * 100.0 / Picks);
    }

    private static EndpointState[] Build(params (string Locality, int Count)[] groups)
    {
        var list = new List<EndpointState>();
        foreach (var (locality, count) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                var address = "10." + list.Count / 250 + "." + list.Count % 250 + ".1";
                list.Add(new EndpointState(new UpstreamEndpoint { Address = address, Port = 80, Locality = locality }));
            }
        }

        return [.. list];
    }

    private static void EjectFirst(EndpointState[] endpoints, string locality, int count)
    {
        foreach (var endpoint in endpoints)
        {
            if (count == 0)
            {
                break;
            }

            if (endpoint.Endpoint.Locality == locality)
            {
                endpoint.Eject(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));
                count--;
            }
        }
    }
}
