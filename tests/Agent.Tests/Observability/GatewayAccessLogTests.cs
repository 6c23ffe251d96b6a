using System.Net;
using System.Text.Json;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Gateways;
using Mesh.Snapshots.Routing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Observability;

/// <summary>Gateway mode writes access log lines from the same <c>telemetry</c> block, reporting as the gateway.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class GatewayAccessLogTests
{
    [Fact]
    public async Task Gateway_AccessLogEnabled_LogsRequestsItRoutesIntoTheMesh()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "web",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "web" }] }],
            Clusters = [new Cluster { Host = "web" }],
        });
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "gateway:ingress",
            Http = [new HttpRoute { Name = "to-web", Match = [new HttpMatch { Authority = new StringMatch { Prefix = "app.example.com" } }], Route = [new RouteDestination { Host = "web" }] }],
            Clusters = [new Cluster { Host = "web" }],
            Gateway = new GatewaySettings { Name = "ingress", Servers = [new GatewayServer { Port = port, Bind = "127.0.0.1", Hosts = ["app.example.com"], Protocol = PortProtocol.Http }] },
        });
        var app = await env.StartAppAsync("web");
        var webLog = Path.Combine(env.Root, "log", "web.log");
        var webOptions = env.Options("node-web", Service("web", app.Port));
        webOptions.Telemetry = AccessLogTests.Telemetry($"access_log {{\n  enabled = true\n  path = \"{webLog}\"\n}}");
        var web = await env.StartAgentAsync(webOptions);
        var gatewayLog = Path.Combine(env.Root, "log", "gateway.log");
        var gatewayOptions = env.Options("gw-ingress");
        gatewayOptions.Telemetry = AccessLogTests.Telemetry($"access_log {{\n  enabled = true\n  path = \"{gatewayLog}\"\n}}");
        var gateway = await GatewayHost.StartAsync(gatewayOptions, "ingress", env.Ca, null, CancellationToken.None);
        try
        {
            await EventuallyAsync(async () => (await GatewayClient.GetAsync(port, $"http://app.example.com:{port}/warmup")).Status == HttpStatusCode.OK, "the gateway reaches web");
            Assert.Equal(HttpStatusCode.OK, (await GatewayClient.GetAsync(port, $"http://app.example.com:{port}/shop/cart")).Status);
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        await web.DisposeAsync();
        var line = Assert.Single(ReadLines(gatewayLog), l => l.GetProperty("path").GetString() == "/shop/cart");
        Assert.Equal(200, line.GetProperty("response_code").GetInt32());
        Assert.Equal("to-web", line.GetProperty("route_name").GetString());
        Assert.Equal("outbound|web", line.GetProperty("upstream_cluster").GetString());
        var requestId = line.GetProperty("request_id").GetString();

        // The service's inbound side sees the same request from the gateway's identity.
        var inbound = Assert.Single(ReadLines(webLog), l => l.GetProperty("request_id").GetString() == requestId);
        Assert.Equal("spiffe://mesh.local/ns/default/svc/ingress", inbound.GetProperty("downstream_peer_uri_san").GetString());
    }

    private static List<JsonElement> ReadLines(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
