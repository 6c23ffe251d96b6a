using System.Net;
using System.Text;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>
/// Locality from Consul node meta end to end: two nodes registered through <c>/v1/catalog/register</c> with different
/// <c>mesh-region</c>/<c>mesh-zone</c>, an agent placed in the first: its outbound traffic stays on the local instance.
/// </summary>
public sealed class NodeMetaLocalityTests
{
    private static async Task RegisterNodeAsync(MeshTestEnvironment env, string node, string region, string zone, string id, int port)
    {
        using var http = new HttpClient { BaseAddress = env.Catalog.Address };
        var body = $$$"""
            {"Node":"{{{node}}}","Address":"127.0.0.1","NodeMeta":{"mesh-region":"{{{region}}}","mesh-zone":"{{{zone}}}"},
             "Service":{"ID":"{{{id}}}","Service":"api","Address":"127.0.0.1","Port":{{{port}}}},
             "Check":{"CheckID":"service:{{{id}}}","Status":"passing","ServiceID":"{{{id}}}"}}
            """;
        using var response = await http.PutAsync(new Uri("v1/catalog/register", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Agent_WithLocalityAndOutlierDetection_SendsTrafficToSameZoneNodeOnly()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var local = await env.StartAppAsync("local");
        var remote = await env.StartAppAsync("remote");
        await RegisterNodeAsync(env, "node-eu", "eu-west", "eu-west-1a", "api-eu", local.Port);
        await RegisterNodeAsync(env, "node-us", "us-east", "us-east-1a", "api-us", remote.Port);
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "api" }] }],
            Clusters = [new Cluster { Host = "api", TrafficPolicy = new TrafficPolicy { OutlierDetection = new OutlierDetection() } }],
        });
        var app = await env.StartAppAsync("web");
        var options = env.Options("node-web", Service("web", app.Port, "api"));
        options.Locality = "eu-west/eu-west-1a";
        var agent = await env.StartAgentAsync(options);
        var outbound = agent.GetOutboundEndPoint("web", "api")!;
        await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "the agent reaches api");

        var bodies = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (status, body) = await GetAsync(outbound);
            Assert.Equal(HttpStatusCode.OK, status);
            bodies.Add(body.Split('|')[0]);
        }

        Assert.All(bodies, b => Assert.Equal("local", b));
    }

    [Fact]
    public async Task Agent_WithoutLocality_UsesBothNodes()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var local = await env.StartAppAsync("local");
        var remote = await env.StartAppAsync("remote");
        await RegisterNodeAsync(env, "node-eu", "eu-west", "eu-west-1a", "api-eu", local.Port);
        await RegisterNodeAsync(env, "node-us", "us-east", "us-east-1a", "api-us", remote.Port);
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-web", Service("web", app.Port, "api")));
        var outbound = agent.GetOutboundEndPoint("web", "api")!;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = Environment.TickCount64 + 15_000;
        while (seen.Count < 2 && Environment.TickCount64 < deadline)
        {
            var (status, body) = await GetAsync(outbound);
            seen.Add(status == HttpStatusCode.OK ? body.Split('|')[0] : status + ":" + body);
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(["local", "remote"], seen.Where(s => !s.Contains(':', StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.True(seen.Count == 2, string.Join(" / ", seen));
    }
}
