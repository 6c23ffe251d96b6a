using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Agent.Tests.Integration;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Observability;

/// <summary><c>telemetry { access_log { … } }</c>: the lines the agent's outbound and inbound proxies write.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class AccessLogTests
{
    [Fact]
    public async Task AccessLog_Enabled_WritesOneJsonLinePerRequestOnBothSides()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var apiApp = await StatusApp.StartAsync();
        var outboundLog = Path.Combine(env.Root, "log", "web-access.log");
        var inboundLog = Path.Combine(env.Root, "log", "api-access.log");
        var (web, api) = await StartPairAsync(env, apiApp, Telemetry(AccessLog(outboundLog)), Telemetry(AccessLog(inboundLog)));
        var outbound = web.GetOutboundEndPoint("web", "api")!;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(outbound, "/orders/" + i, "req-" + i));
        }

        await web.DisposeAsync();
        await api.DisposeAsync();
        var lines = ReadLines(outboundLog).Where(l => l.GetProperty("path").GetString()!.StartsWith("/orders/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        var first = lines.Single(l => l.GetProperty("request_id").GetString() == "req-0");
        Assert.Equal("GET", first.GetProperty("method").GetString());
        Assert.Equal("/orders/0", first.GetProperty("path").GetString());
        Assert.Equal(200, first.GetProperty("response_code").GetInt32());
        Assert.Equal("api-route", first.GetProperty("route_name").GetString());
        Assert.StartsWith("127.0.0.1:", first.GetProperty("upstream_host").GetString(), StringComparison.Ordinal);
        Assert.Equal("outbound|api", first.GetProperty("upstream_cluster").GetString());

        // The destination side logs the same request with the caller's SPIFFE identity.
        var inbound = ReadLines(inboundLog).Single(l => l.GetProperty("request_id").GetString() == "req-0");
        Assert.Equal("spiffe://mesh.local/ns/default/svc/web", inbound.GetProperty("downstream_peer_uri_san").GetString());
        Assert.StartsWith("inbound|", inbound.GetProperty("upstream_cluster").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, inbound.GetProperty("response_code").GetInt32());
    }

    [Fact]
    public async Task AccessLog_SamplePercentZero_WritesNothing()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var apiApp = await StatusApp.StartAsync();
        var log = Path.Combine(env.Root, "log", "access.log");
        var (web, api) = await StartPairAsync(env, apiApp, Telemetry(AccessLog(log, "sample_percent = 0")), new TelemetrySettings());
        var outbound = web.GetOutboundEndPoint("web", "api")!;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(outbound, "/orders/" + i, null));
        }

        await web.DisposeAsync();
        await api.DisposeAsync();
        Assert.Empty(ReadLines(log));
    }

    [Fact]
    public async Task AccessLog_MinStatus500_WritesOnlyFailures()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var apiApp = await StatusApp.StartAsync();
        var log = Path.Combine(env.Root, "log", "access.log");
        var (web, api) = await StartPairAsync(env, apiApp, Telemetry(AccessLog(log, "min_status = 500")), new TelemetrySettings());
        var outbound = web.GetOutboundEndPoint("web", "api")!;

        Assert.Equal(HttpStatusCode.OK, await SendAsync(outbound, "/status/200", "ok"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(outbound, "/status/404", "missing"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SendAsync(outbound, "/status/503", "failed"));

        await web.DisposeAsync();
        await api.DisposeAsync();
        var line = Assert.Single(ReadLines(log));
        Assert.Equal("failed", line.GetProperty("request_id").GetString());
        Assert.Equal(503, line.GetProperty("response_code").GetInt32());
    }

    /// <summary>The settings of an agent.hcl <c>telemetry { … }</c> block, read by the agent's own loader.</summary>
    internal static TelemetrySettings Telemetry(string block) => AgentConfigLoader.Parse("telemetry {\n" + block + "\n}\n", "agent.hcl").Telemetry;

    private static string AccessLog(string path, string extra = "") => $"access_log {{\n  enabled = true\n  path = \"{path}\"\n  {extra}\n}}";

    /// <summary>web (node-a, upstream api) and api (node-b), the api route named <c>api-route</c>; returns once web reaches api.</summary>
    internal static async Task<(AgentHost Web, AgentHost Api)> StartPairAsync(MeshTestEnvironment env, StatusApp apiApp, TelemetrySettings web, TelemetrySettings api)
    {
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api",
            Http = [new HttpRoute { Name = "api-route", Route = [new RouteDestination { Host = "api" }] }],
            Clusters = [new Cluster { Host = "api" }],
        });
        var webApp = await env.StartAppAsync("web");
        var apiOptions = env.Options("node-b", Service("api", apiApp.Port));
        apiOptions.Telemetry = api;
        var apiAgent = await env.StartAgentAsync(apiOptions);
        var webOptions = env.Options("node-a", Service("web", webApp.Port, "api"));
        webOptions.Telemetry = web;
        var webAgent = await env.StartAgentAsync(webOptions);
        var outbound = webAgent.GetOutboundEndPoint("web", "api")!;

        // Warm up on a path the assertions ignore: the catalog watch and the route table arrive asynchronously.
        // (Until the compiled snapshot arrives, a default one routes api without a name.)
        var probe = new DefaultHttpContext();
        probe.Request.Host = new HostString("api");
        probe.Request.Path = "/";
        await EventuallyAsync(() => Task.FromResult(webAgent.Workloads.Any(w => w.Routes.Match(probe.Request)?.Name == "api-route")), "web has the compiled api routes");
        await EventuallyAsync(async () => await SendAsync(outbound, "/warmup", null) == HttpStatusCode.OK, "web reaches api");
        return (webAgent, apiAgent);
    }

    internal static async Task<HttpStatusCode> SendAsync(IPEndPoint endPoint, string path, string? requestId)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{endPoint}{path}"));
        if (requestId is not null)
        {
            request.Headers.Add("x-request-id", requestId);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static List<JsonElement> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
