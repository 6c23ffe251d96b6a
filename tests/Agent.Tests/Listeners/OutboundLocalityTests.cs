using System.Net;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Listeners;
using Mesh.Agent.Tests.Integration;
using Mesh.Consul.Health;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>The agent's locality reaches the proxy; endpoints carry their node's locality from Consul node meta.</summary>
public sealed class OutboundLocalityTests
{
    private sealed class FixedEndpoints(params UpstreamEndpoint[] endpoints) : IEndpointSource
    {
        public event Action<string>? EndpointsChanged
        {
            add { }
            remove { }
        }

        public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host) => host == "api" ? endpoints : [];
    }

    private sealed class PlainTcp : IUpstreamTlsProvider
    {
        public System.Net.Security.SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => null;
    }

    private static async Task<List<string>> CallTwentyTimesAsync(ProxyLocality? locality)
    {
        await using var local = await TestApp.StartAsync("local");
        await using var remote = await TestApp.StartAsync("remote");
        var endpoints = new FixedEndpoints(
            new UpstreamEndpoint { Address = "127.0.0.1", Port = remote.Port, Locality = "us-east/zone9" },
            new UpstreamEndpoint { Address = "127.0.0.1", Port = local.Port, Locality = "us-west/zone1/rack3" });
        var snapshot = new ProxySnapshot
        {
            Version = "1",
            Host = "api",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "api" }] }],
            Clusters = [new Cluster { Host = "api", TrafficPolicy = new TrafficPolicy { OutlierDetection = new OutlierDetection() } }],
        };
        await using var outbound = await OutboundListener.StartAsync(
            [new UpstreamOptions { Host = "api", LocalPort = 0 }], new ProxyIdentity { ServiceName = "web" }, endpoints, new PlainTcp(), locality, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        outbound.Routes.Swap(RouteTable.Build([snapshot]));
        var bodies = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (status, body) = await MeshTestEnvironment.GetAsync(outbound.EndPoints["api"]);
            Assert.Equal(HttpStatusCode.OK, status);
            bodies.Add(body.Split('|')[0]);
        }

        return bodies;
    }

    [Fact]
    public async Task Outbound_WithLocalityAndOutlierDetection_TrafficStaysLocal()
    {
        var bodies = await CallTwentyTimesAsync(new ProxyLocality("us-west/zone1/rack3"));

        Assert.All(bodies, b => Assert.Equal("local", b));
    }

    [Fact]
    public async Task Outbound_WithoutLocality_BothInstancesServe()
    {
        var bodies = await CallTwentyTimesAsync(null);

        Assert.Contains("local", bodies);
        Assert.Contains("remote", bodies);
    }

    [Theory]
    [InlineData("us-west", "zone1", "rack3", "us-west/zone1/rack3")]
    [InlineData("us-west", "zone1", null, "us-west/zone1")]
    [InlineData(null, "zone1", null, "dc1/zone1")]
    [InlineData(null, null, null, "")]
    public void LocalityOf_NodeMeta_MapsRegionZoneSubzone(string? region, string? zone, string? subzone, string expected)
    {
        var meta = new Dictionary<string, string>();
        if (region is not null)
        {
            meta["mesh-region"] = region;
        }

        if (zone is not null)
        {
            meta["mesh-zone"] = zone;
        }

        if (subzone is not null)
        {
            meta["mesh-subzone"] = subzone;
        }

        Assert.Equal(expected, ConsulEndpointSource.LocalityOf(new ConsulNode { Datacenter = "dc1", Meta = meta }));
    }
}
