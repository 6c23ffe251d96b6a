using System.Net;
using System.Text;
using System.Text.Json;
using Mesh.Agent.Certificates;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

public sealed class AgentIntegrationTests
{
    internal static ProxySnapshot ReviewsToSubset(string subset, string version) => new()
    {
        Version = version,
        Host = "reviews",
        Http = [new HttpRoute { Name = "pin", Route = [new RouteDestination { Host = "reviews", Subset = subset, Weight = 100 }] }],
        Clusters =
        [
            new Cluster
            {
                Host = "reviews",
                Subsets =
                [
                    new Subset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } },
                    new Subset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" } },
                ],
            },
        ],
    };

    [Fact]
    public async Task Start_Service_RegisteredWithInboundPortAndDeregisteredOnStop()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port)));

        var entries = (await env.Consul.Health.ServiceAsync("web", passing: true)).Value;
        var entry = Assert.Single(entries);
        var inbound = agent.GetInboundEndPoint("web")!;
        Assert.Equal(inbound.Port, entry.Service.Port);
        Assert.Equal(inbound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Service.Meta!["mesh-inbound-port"]);
        Assert.Equal(Mesh.Agent.Hosting.AgentHost.Version, entry.Service.Meta["mesh-version"]);

        await agent.DisposeAsync();

        Assert.Empty((await env.Consul.Health.ServiceAsync("web")).Value);
    }

    [Fact]
    public async Task CompiledSnapshot_RouteToSubsetV2_AllTrafficReachesV2AndVersionReported()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var v1 = await env.StartAppAsync("reviews-v1");
        var v2 = await env.StartAppAsync("reviews-v2");
        await env.RegisterInstanceAsync("reviews", "reviews-1", v1.Port, "v1");
        await env.RegisterInstanceAsync("reviews", "reviews-2", v2.Port, "v2");
        var web = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));
        var outbound = agent.GetOutboundEndPoint("web", "reviews")!;

        await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "the default route serves reviews");
        await env.WriteSnapshotAsync(ReviewsToSubset("v2", "7"));
        await EventuallyAsync(async () => (await GetAsync(outbound)).Body.StartsWith("reviews-v2|", StringComparison.Ordinal), "the v2 route is applied");

        for (var i = 0; i < 10; i++)
        {
            Assert.StartsWith("reviews-v2|", (await GetAsync(outbound)).Body, StringComparison.Ordinal);
        }

        await EventuallyAsync(async () => (await ReportAsync(env, "node-a", "web"))?.RootElement.GetProperty("applied").TryGetProperty("reviews", out var v) == true && v.GetString() == "7", "version 7 is reported");
    }

    [Fact]
    public async Task BadSnapshot_RejectedAndReported_LastGoodKeepsServing()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var v1 = await env.StartAppAsync("reviews-v1");
        var v2 = await env.StartAppAsync("reviews-v2");
        await env.RegisterInstanceAsync("reviews", "reviews-1", v1.Port, "v1");
        await env.RegisterInstanceAsync("reviews", "reviews-2", v2.Port, "v2");
        var web = await env.StartAppAsync("web");
        await env.WriteSnapshotAsync(ReviewsToSubset("v1", "1"));
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));
        var outbound = agent.GetOutboundEndPoint("web", "reviews")!;
        await EventuallyAsync(async () => (await GetAsync(outbound)).Body.StartsWith("reviews-v1|", StringComparison.Ordinal), "version 1 serves");

        await env.WriteRawSnapshotAsync("reviews", "{\"version\":\"2\",\"host\":\"reviews\",\"http\":[{\"match\":[{\"uri\":{\"regex\":\"(\"}}],\"route\":[{\"host\":\"reviews\"}]}]}");

        await EventuallyAsync(async () => (await ReportAsync(env, "node-a", "web"))?.RootElement.GetProperty("rejected").TryGetProperty("reviews", out _) == true, "the rejection is reported");
        var report = (await ReportAsync(env, "node-a", "web"))!.RootElement;
        Assert.Equal("1", report.GetProperty("applied").GetProperty("reviews").GetString());
        Assert.StartsWith("reviews-v1|", (await GetAsync(outbound)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ConsulDown_ServesFromLastGoodState()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var v1 = await env.StartAppAsync("reviews-v1");
        var v2 = await env.StartAppAsync("reviews-v2");
        await env.RegisterInstanceAsync("reviews", "reviews-1", v1.Port, "v1");
        await env.RegisterInstanceAsync("reviews", "reviews-2", v2.Port, "v2");
        await env.WriteSnapshotAsync(ReviewsToSubset("v2", "3"));
        var web = await env.StartAppAsync("web");
        var options = env.Options("node-a", Service("web", web.Port, "reviews"));
        var first = await env.StartAgentAsync(options);
        await EventuallyAsync(async () => (await GetAsync(first.GetOutboundEndPoint("web", "reviews")!)).Body.StartsWith("reviews-v2|", StringComparison.Ordinal), "v2 serves");
        await first.DisposeAsync();
        await env.StopCatalogAsync();

        var second = await env.StartAgentAsync(options);

        var response = await GetAsync(second.GetOutboundEndPoint("web", "reviews")!);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("reviews-v2|", response.Body, StringComparison.Ordinal);
        var certificate = Assert.Single(Directory.GetFiles(Path.Combine(options.DataDir, WorkloadIdentity.CertificateCategory)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
    }

    [Fact]
    public async Task Deregistration_EndpointRemoved_OutboundAnswers503()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var v1 = await env.StartAppAsync("reviews-v1");
        await env.RegisterInstanceAsync("reviews", "reviews-1", v1.Port, "v1");
        var web = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));
        var outbound = agent.GetOutboundEndPoint("web", "reviews")!;
        await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "reviews serves");

        await env.Consul.Agent.DeregisterServiceAsync("reviews-1");

        await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.ServiceUnavailable, "no endpoint is left");
    }

    [Fact]
    public async Task AdminApi_ProxyConfig_ListsServedSnapshots()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(ReviewsToSubset("v2", "9"));
        var web = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));

        await EventuallyAsync(async () => (await GetAsync(agent.AdminEndPoint!, "/v1/proxy-config")).Body.Contains("\"version\": \"9\"", StringComparison.Ordinal), "proxy-config shows version 9");
        var config = JsonDocument.Parse((await GetAsync(agent.AdminEndPoint!, "/v1/proxy-config")).Body).RootElement;
        var snapshot = config.GetProperty("services").GetProperty("web").GetProperty("snapshots").GetProperty("reviews");
        Assert.Equal("consul", snapshot.GetProperty("origin").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(agent.AdminEndPoint!, "/healthz/ready")).Status);
    }

    internal static async Task<JsonDocument?> ReportAsync(MeshTestEnvironment env, string node, string service)
    {
        var entry = (await env.Consul.Kv.GetAsync("mesh/proxies/" + node + "/" + service)).Value;
        return entry?.Value is { } value ? JsonDocument.Parse(Encoding.UTF8.GetString(value)) : null;
    }
}
