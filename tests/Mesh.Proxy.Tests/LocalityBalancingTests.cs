using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public sealed class LocalityBalancingTests
{
    private static readonly LocalityLoadBalancing s_failoverEast = new() { Failover = [new LocalityFailover { From = "us-west", To = "us-east" }] };

    private static EndpointState[] Endpoints(params string[] localities) =>
        [.. localities.Select((l, i) => new EndpointState(new UpstreamEndpoint { Address = "10.0.0." + (i + 1), Port = 80, Locality = l }))];

    private static Dictionary<string, int> PickMany(ILoadBalancer balancer, EndpointState[] endpoints, int count)
    {
        var context = new DefaultHttpContext();
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var locality = balancer.Pick(endpoints, context, null)?.Endpoint.Locality ?? "none";
            counts[locality] = counts.GetValueOrDefault(locality) + 1;
        }

        return counts;
    }

    [Fact]
    public void Pick_WithHealthyLocalEndpoints_KeepsAllTrafficLocal()
    {
        var endpoints = Endpoints("us-west/zone1/a", "us-west/zone1/a", "us-west/zone2/a", "us-east/zone1/a", "eu-west/zone1/a");
        var balancer = LocalityAwareBalancer.Wrap(new RoundRobinBalancer(), new ProxyLocality("us-west/zone1/a"), s_failoverEast, outlierDetection: true, new ProxyRandom(1));

        var counts = PickMany(balancer, endpoints, 200);

        Assert.Equal(200, counts["us-west/zone1/a"]);
    }

    [Fact]
    public void Pick_AfterLocalZoneEjected_GoesToSameRegionThenFailoverRegion()
    {
        var endpoints = Endpoints("us-west/zone1/a", "us-west/zone2/a", "eu-west/zone1/a", "us-east/zone1/a");
        var balancer = LocalityAwareBalancer.Wrap(new RoundRobinBalancer(), new ProxyLocality("us-west/zone1/a"), s_failoverEast, outlierDetection: true, new ProxyRandom(1));
        var now = DateTimeOffset.UnixEpoch;

        endpoints[0].Eject(now, TimeSpan.FromMinutes(1));
        Assert.Equal(100, PickMany(balancer, endpoints, 100)["us-west/zone2/a"]);

        endpoints[1].Eject(now, TimeSpan.FromMinutes(1));
        Assert.Equal(100, PickMany(balancer, endpoints, 100)["us-east/zone1/a"]);

        endpoints[3].Eject(now, TimeSpan.FromMinutes(1));
        Assert.Equal(100, PickMany(balancer, endpoints, 100)["eu-west/zone1/a"]);

        endpoints[0].Uneject();
        Assert.Equal(100, PickMany(balancer, endpoints, 100)["us-west/zone1/a"]);
    }

    [Fact]
    public void Wrap_WithoutOutlierDetection_LeavesBalancerUnchanged()
    {
        var inner = new RoundRobinBalancer();

        Assert.Same(inner, LocalityAwareBalancer.Wrap(inner, new ProxyLocality("us-west/zone1/a"), s_failoverEast, outlierDetection: false, new ProxyRandom(1)));
        Assert.Same(inner, LocalityAwareBalancer.Wrap(inner, null, s_failoverEast, outlierDetection: true, new ProxyRandom(1)));
        Assert.Same(inner, LocalityAwareBalancer.Wrap(inner, new ProxyLocality("us-west/zone1/a"), s_failoverEast with { Enabled = false }, outlierDetection: true, new ProxyRandom(1)));
    }

    [Fact]
    public void Pick_WithDistribute80To20_SplitsWithinTolerance()
    {
        var endpoints = Endpoints("us-west/zone1/a", "us-west/zone1/b", "us-west/zone2/a", "us-east/zone1/a");
        var settings = new LocalityLoadBalancing
        {
            Distribute =
            [
                new LocalityDistribute { From = "us-west/zone1/*", To = new Dictionary<string, int> { ["us-west/zone1/*"] = 80, ["us-west/zone2/*"] = 20 } },
            ],
        };
        var balancer = LocalityAwareBalancer.Wrap(new RoundRobinBalancer(), new ProxyLocality("us-west/zone1/a"), settings, outlierDetection: false, new ProxyRandom(99));

        var counts = PickMany(balancer, endpoints, 5000);
        var zone1 = counts.GetValueOrDefault("us-west/zone1/a") + counts.GetValueOrDefault("us-west/zone1/b");

        Assert.InRange(zone1, 3800, 4200);
        Assert.InRange(counts.GetValueOrDefault("us-west/zone2/a"), 800, 1200);
        Assert.False(counts.ContainsKey("us-east/zone1/a"));
    }

    [Fact]
    public async Task TcpProxy_WhenLocalEndpointDies_EjectsItAndFailsOverToFailoverRegion()
    {
        await using var local = TcpBackend.Named("local");
        await using var east = TcpBackend.Named("east");
        await using var europe = TcpBackend.Named("europe");
        var cluster = new Cluster
        {
            Host = "db",
            TrafficPolicy = new TrafficPolicy
            {
                LoadBalancer = new LoadBalancerSettings { Simple = LoadBalancerKind.RoundRobin, Locality = s_failoverEast },
                OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 1, MaxEjectionPercent = 100, BaseEjectionTime = TimeSpan.FromMinutes(5) },
            },
        };
        var snapshot = new ProxySnapshot { Version = "1", Host = "db", Clusters = [cluster] };
        await using var proxy = TcpHarness.Create(locality: "us-west/zone1/a").Load(snapshot).Listen("db");
        var localEndpoint = TcpHarness.At(local.Port, "us-west/zone1/a");
        proxy.SetEndpoints("db", TcpHarness.At(europe.Port, "eu-west/zone1/a"), localEndpoint, TcpHarness.At(east.Port, "us-east/zone1/a"));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("local", await TcpClientHelper.ReadNameAsync(proxy.EndPoint));
        }

        await local.DisposeAsync();
        Assert.Equal("", await TcpClientHelper.ReadNameAsync(proxy.EndPoint));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("east", await TcpClientHelper.ReadNameAsync(proxy.EndPoint));
        }

        Assert.Equal(0, europe.Accepted);
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.outlier.ejections", ("upstream_host", localEndpoint.Key)) == 1));
    }
}
