using System.Net;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.Hcl.Diagnostics;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Gateways;

/// <summary><c>service_entry</c> with <c>resolution = "static"</c>: compiled endpoints, validation, egress through a gateway.</summary>
public sealed class StaticServiceEntryTests
{
    private static string Entry(int entryPort, string endpoints) => $$"""
        service_entry "external-api" {
          hosts      = ["api.external.test"]
          location   = "mesh_external"
          resolution = "static"
          port {
            number   = {{entryPort}}
            protocol = "http"
            name     = "http"
          }
          {{endpoints}}
        }
        """;

    /// <summary>The static entry with one endpoint on 127.0.0.1:<paramref name="backendPort"/>, and a plain-HTTP egress gateway for any host.</summary>
    private static string EgressRules(int backendPort, int gatewayPort) => Entry(80, $$"""
            endpoint {
              address = "127.0.0.1"
              ports   = { http = {{backendPort}} }
            }
            """) + $$"""

            gateway "egress" {
              server {
                port     = {{gatewayPort}}
                bind     = "127.0.0.1"
                protocol = "http"
                hosts    = ["*"]
              }
            }
            """;

    private static async Task<GatewayHost> StartEgressGatewayAsync(MeshTestEnvironment env)
    {
        var options = env.Options("gw-egress");
        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
        var gateway = await GatewayHost.StartAsync(options, "egress", env.Ca, null, CancellationToken.None);
        try
        {
            await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public void Compile_StaticEntry_SnapshotCarriesEndpointsWithPortsAndLabels()
    {
        var snapshots = CompiledRules.Compile(Entry(80, """
            endpoint {
              address = "127.0.0.1"
              ports   = { http = 8080 }
              labels  = { zone = "a" }
            }
            endpoint { address = "10.0.0.9" }
            """));

        var host = snapshots.Single(s => s.Host == "api.external.test");
        Assert.Equal(2, host.StaticEndpoints.Count);
        var first = host.StaticEndpoints[0];
        Assert.Equal("127.0.0.1", first.Address);
        Assert.Equal(8080, first.PortFor(host.Ports[0]));
        Assert.Equal("a", first.Labels["zone"]);
        Assert.Equal(80, host.StaticEndpoints[1].PortFor(host.Ports[0]));
    }

    [Fact]
    public void Compile_DnsEntry_HasNoStaticEndpoints()
    {
        var snapshots = CompiledRules.Compile(Entry(80, "").Replace("\"static\"", "\"dns\"", StringComparison.Ordinal));

        Assert.Empty(snapshots.Single(s => s.Host == "api.external.test").StaticEndpoints);
    }

    [Fact]
    public void Validate_StaticWithoutEndpoints_ReportsMissingEndpoint()
    {
        var findings = CompiledRules.Validate(Entry(80, ""));

        var finding = Assert.Single(findings, f => f.Severity == DiagnosticSeverity.Error);
        Assert.Equal("MESH0102", finding.Code);
        Assert.Contains("endpoint", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Egress_StaticEntry_ReachesEndpointOnItsOwnPortNotTheEntryPort()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("external");
        var gatewayPort = GatewayClient.FreePort();
        await CompiledRules.ApplyAsync(env, EgressRules(backend.Port, gatewayPort));
        await using var gateway = await StartEgressGatewayAsync(env);

        var (status, body, _) = await GatewayClient.GetAsync(gatewayPort, "http://api.external.test/v1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("external|api.external.test|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Egress_StaticEntryEndpointMoved_GatewayFollowsWithinSeconds()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var first = await ExternalBackend.StartAsync("first");
        await using var second = await ExternalBackend.StartAsync("second");
        var gatewayPort = GatewayClient.FreePort();
        await CompiledRules.ApplyAsync(env, EgressRules(first.Port, gatewayPort));
        await using var gateway = await StartEgressGatewayAsync(env);
        Assert.StartsWith("first|", (await GatewayClient.GetAsync(gatewayPort, "http://api.external.test/v1")).Body, StringComparison.Ordinal);

        // Re-applied with the endpoint on another port: the gateway must not wait for its 30 s registry lookup.
        foreach (var snapshot in CompiledRules.Compile(EgressRules(second.Port, gatewayPort)))
        {
            await env.WriteSnapshotAsync(snapshot with { Version = "2" });
        }

        await EventuallyAsync(
            async () => (await GatewayClient.GetAsync(gatewayPort, "http://api.external.test/v1")).Body.StartsWith("second|", StringComparison.Ordinal),
            "requests reach the moved endpoint");
    }
}
