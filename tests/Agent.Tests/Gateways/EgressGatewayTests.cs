using System.Net;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Integration;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>
/// Istio's egress gateway pattern: one virtual service for the external host bound to <c>mesh</c> and the gateway;
/// sidecars send the host's traffic to the gateway over mTLS, the gateway sends it out.
/// </summary>
public sealed class EgressGatewayTests
{
    private static string Rules(int backendPort, int gatewayPort) => $$"""
        service_entry "external-api" {
          hosts      = ["api.external.test"]
          location   = "mesh_external"
          resolution = "static"
          port {
            number   = 80
            protocol = "http"
            name     = "http"
          }
          endpoint {
            address = "127.0.0.1"
            ports   = { http = {{backendPort}} }
          }
        }

        gateway "egress" {
          server {
            port     = {{gatewayPort}}
            bind     = "127.0.0.1"
            protocol = "https"
            hosts    = ["api.external.test"]
            tls { mode = "mesh_mutual" }
          }
        }

        virtual_service "external-api-via-egress" {
          hosts    = ["api.external.test"]
          gateways = ["mesh", "egress"]

          http "sidecars-to-gateway" {
            match { gateways = ["mesh"] }
            route { destination = "egress" }
          }

          http "gateway-to-external" {
            match { gateways = ["egress"] }
            route { destination = "api.external.test" }
            headers {
              request { set = { "x-egress" = "via-egress-gateway" } }
            }
          }
        }
        """;

    private static Task<(HttpStatusCode Status, string Body)> GetWithHostAsync(IPEndPoint outbound, string host) =>
        MeshTestEnvironment.GetAsync(outbound, "/v1/charges", host);

    [Fact]
    public async Task Sidecar_ExternalHostBoundToMeshAndEgress_GoesThroughGatewayOverMutualTls()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("external");
        var gatewayPort = GatewayClient.FreePort();
        var snapshots = await CompiledRules.ApplyAsync(env, Rules(backend.Port, gatewayPort));
        Assert.Equal("egress", snapshots.Single(s => s.Host == "api.external.test").Http.Single().Route.Single().Host);

        var options = env.Options("gw-egress");
        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
        await using var gateway = await GatewayHost.StartAsync(options, "egress", env.Ca, null, CancellationToken.None);
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-web", Service("web", app.Port, "api.external.test")));
        var outbound = agent.GetOutboundEndPoint("web", "api.external.test")!;

        await EventuallyAsync(async () => (await GetWithHostAsync(outbound, "api.external.test")).Status == HttpStatusCode.OK, "the sidecar reaches the external host");
        var (status, body) = await GetWithHostAsync(outbound, "api.external.test");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("external|api.external.test|via-egress-gateway", body);
        var registered = (await env.Consul.Health.ServiceAsync("egress", passing: true, null, CancellationToken.None)).Value;
        var instance = Assert.Single(registered);
        Assert.Equal(gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), instance.Service.Meta!["mesh-inbound-port"]);
    }

    [Fact]
    public async Task MeshMutualServer_ClientWithoutMeshCertificate_IsRefused()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("external");
        var gatewayPort = GatewayClient.FreePort();
        await CompiledRules.ApplyAsync(env, Rules(backend.Port, gatewayPort));
        await using var gateway = await GatewayHost.StartAsync(env.Options("gw-egress"), "egress", env.Ca, null, CancellationToken.None);
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");

        var (status, _, _) = await GatewayClient.GetAsync(gatewayPort, $"https://api.external.test:{gatewayPort}/", (_, certificate, _, _) => certificate is not null);

        Assert.Equal((HttpStatusCode)0, status);
    }
}
