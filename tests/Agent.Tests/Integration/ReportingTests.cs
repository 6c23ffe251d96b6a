using System.Net;
using System.Text.Json;
using Mesh.ControllerApi;
using static Mesh.Agent.Tests.Integration.AgentIntegrationTests;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

public sealed class ReportingTests
{
    [Fact]
    public async Task ProxyReport_BadSnapshot_ReportsAppliedRejectedVersionAndCertificateExpiry()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var web = await env.StartAppAsync("web");
        await env.WriteSnapshotAsync(ReviewsToSubset("v1", "1"));
        await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));
        await EventuallyAsync(async () => (await ReadProxyReportAsync(env))?.Applied.GetValueOrDefault("reviews") == "1", "version 1 is reported");

        await env.WriteRawSnapshotAsync("reviews", "{\"version\":\"2\",\"host\":\"reviews\",\"http\":[{\"match\":[{\"uri\":{\"regex\":\"(\"}}],\"route\":[{\"host\":\"reviews\"}]}]}");

        await EventuallyAsync(async () => (await ReadProxyReportAsync(env))?.Rejected.ContainsKey("reviews") == true, "the rejection is reported");
        var report = (await ReadProxyReportAsync(env))!;
        Assert.Equal("1", report.Applied["reviews"]);
        Assert.Equal("2", report.Rejected["reviews"].Version);
        Assert.False(string.IsNullOrEmpty(report.Rejected["reviews"].Error));
        Assert.NotNull(report.UpdatedAt);
        Assert.True(report.CertificateNotAfter > TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task TrafficReport_RequestsThroughOutbound_CountedPerDestinationVersionAndDeletedOnStop()
    {
        const int Requests = 7;
        await using var env = await MeshTestEnvironment.StartAsync();
        var v2 = await env.StartAppAsync("reviews-v2");
        await env.RegisterInstanceAsync("reviews", "reviews-2", v2.Port, "v2");
        await env.WriteSnapshotAsync(ReviewsToSubset("v2", "5"));
        var web = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "reviews")));
        var outbound = agent.GetOutboundEndPoint("web", "reviews")!;
        await EventuallyAsync(async () => (await ReadProxyReportAsync(env))?.Applied.GetValueOrDefault("reviews") == "5", "version 5 serves");

        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(outbound)).Status);
        }

        await EventuallyAsync(async () => (await ReadTrafficAsync(env))?.Edges.Sum(e => e.Requests) == Requests, $"{Requests} requests are reported");
        var edge = Assert.Single((await ReadTrafficAsync(env))!.Edges);
        Assert.Equal(("web", "reviews", "v2", Requests, 0L), (edge.Source, edge.Destination, edge.DestinationVersion, edge.Requests, edge.Errors));
        Assert.True(edge.DurationMsSum > 0);

        await agent.DisposeAsync();

        Assert.Null(await ReadTrafficAsync(env));
    }

    private static async Task<ProxyReport?> ReadProxyReportAsync(MeshTestEnvironment env)
    {
        var entry = (await env.Consul.Kv.GetAsync("mesh/proxies/node-a/web")).Value;
        return entry?.Value is { } value ? JsonSerializer.Deserialize(value, ControllerApiJsonContext.Default.ProxyReport) : null;
    }

    private static async Task<TrafficReport?> ReadTrafficAsync(MeshTestEnvironment env)
    {
        var entry = (await env.Consul.Kv.GetAsync("mesh/traffic/node-a/web")).Value;
        return entry?.Value is { } value ? JsonSerializer.Deserialize(value, ControllerApiJsonContext.Default.TrafficReport) : null;
    }
}
