using System.Net;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.TestDoubles.Vault;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>
/// Istio's egress TLS origination: the egress gateway's route sends to a <c>service_entry</c> host and the gateway
/// originates TLS with the host's destination rule <c>tls</c> (<c>simple</c> with a private CA and SNI, <c>mutual</c>
/// with a client certificate). Real gateway, development catalog, Kestrel HTTPS backends with a test CA's certificates.
/// </summary>
public sealed class EgressGatewayTlsOriginationTests
{
    private const string External = "api.external.test";

    private const string SidecarsToGateway = """

          http "sidecars-to-gateway" {
            match { gateways = ["mesh"] }
            route { destination = "egress" }
          }

        """;

    /// <summary>The service entry, the gateway and, unless <paramref name="fallback"/>, the virtual service routing the host through it; the destination rule when <paramref name="tls"/> is given.</summary>
    private static string Rules(int backendPort, int gatewayPort, string? tls, bool meshMutual = false, bool fallback = false) => $$"""
        service_entry "external-api" {
          hosts      = ["{{External}}"]
          location   = "mesh_external"
          resolution = "static"
          port {
            number   = 443
            protocol = "https"
            name     = "https"
          }
          endpoint {
            address = "127.0.0.1"
            ports   = { https = {{backendPort}} }
          }
        }

        gateway "egress" {
          server {
            port     = {{gatewayPort}}
            bind     = "127.0.0.1"
            protocol = "{{(meshMutual ? "https" : "http")}}"
            hosts    = ["{{External}}"]
            {{(meshMutual ? "tls { mode = \"mesh_mutual\" }" : "")}}
          }
        }

        """ + (fallback ? "" : $$"""

        virtual_service "external-api-via-egress" {
          hosts    = ["{{External}}"]
          gateways = [{{(meshMutual ? "\"mesh\", " : "")}}"egress"]
        {{(meshMutual ? SidecarsToGateway : "")}}
          http "gateway-to-external" {
            match { gateways = ["egress"] }
            route { destination = "{{External}}" }
          }
        }
        """) + (tls is null ? "" : $$"""

        destination_rule "external-api" {
          host = "{{External}}"
          traffic_policy {
            tls {
        {{tls}}
            }
          }
        }
        """);

    /// <summary>Starts the backend and the egress gateway with <paramref name="tls"/> (the body of the rule's tls block, {ca}/{cert}/{key} replaced), then calls the external host through the gateway.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> CallThroughGatewayAsync(
        string? tls, string serverName, bool requireClientCertificate = false, bool expectOk = true, bool fallback = false)
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var certificate = certs.IssueWithKey(serverName);
        var backend = await TlsBackend.StartAsync(certificate, requireClientCertificate ? certs : null);
        await using var _ = backend;
        var client = certs.IssueFiles("client", "gw.client.test");
        var gatewayPort = GatewayClient.FreePort();
        var body = tls?.Replace("{ca}", certs.CaFile, StringComparison.Ordinal)
            .Replace("{cert}", client.Certificate, StringComparison.Ordinal)
            .Replace("{key}", client.Key, StringComparison.Ordinal);
        await CompiledRules.ApplyAsync(env, Rules(new Uri(backend.Urls.First()).Port, gatewayPort, body, fallback: fallback));

        var options = env.Options("gw-egress");
        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
        await using var gateway = await GatewayHost.StartAsync(options, "egress", env.Ca, null, CancellationToken.None);
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");
        if (expectOk)
        {
            await EventuallyAsync(async () => (await GatewayClient.GetAsync(gatewayPort, $"http://{External}/v1")).Status == HttpStatusCode.OK, "the gateway reaches the backend");
        }
        else
        {
            await EventuallyAsync(async () => (await GatewayClient.GetAsync(gatewayPort, $"http://{External}/v1")).Status != 0, "the gateway answers");
        }

        var (status, answer, _) = await GatewayClient.GetAsync(gatewayPort, $"http://{External}/v1");
        return (status, answer);
    }

    [Fact]
    public async Task Simple_CaCertificatesAndSni_GatewayOriginatesTlsTrustedByTheRule()
    {
        var (status, body) = await CallThroughGatewayAsync("""
                  mode            = "simple"
                  ca_certificates = "{ca}"
                  sni             = "backend.internal.test"
            """, "backend.internal.test");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("tls|", body, StringComparison.Ordinal);
        Assert.EndsWith("|True|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDestinationRule_BackendCertificateFromTestCa_Gets503Untrusted()
    {
        var (status, body) = await CallThroughGatewayAsync(null, External, expectOk: false);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simple_CaOfAnotherAuthority_Gets503()
    {
        using var otherCa = new TestCertificates(Path.Combine(Path.GetTempPath(), "mesh-other-ca-" + Guid.NewGuid().ToString("N")));
        var (status, body) = await CallThroughGatewayAsync($$"""
                  mode            = "simple"
                  ca_certificates = "{{otherCa.CaFile}}"
            """, External, expectOk: false);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FallbackRoute_DestinationRuleSimpleWithCa_GatewayOriginatesTlsTrustedByTheRule()
    {
        var (status, body) = await CallThroughGatewayAsync("""
                  mode            = "simple"
                  ca_certificates = "{ca}"
            """, External, fallback: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|", body);
    }

    [Fact]
    public async Task FallbackRoute_NoDestinationRule_BackendCertificateFromTestCa_Gets503Untrusted()
    {
        var (status, body) = await CallThroughGatewayAsync(null, External, expectOk: false, fallback: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_CredentialNameFromVault_GatewayPresentsACertificateForItsIdentity()
    {
        await using var vault = await VaultDouble.StartAsync(DestinationTlsCredentialTests.VaultAllowing("spiffe://mesh.local/*"));
        await using var env = await MeshTestEnvironment.StartAsync();
        using var serverCertificate = await DestinationTlsCredentialTests.ServerCertificateFromAsync(vault, External);
        var backend = await TlsBackend.StartAsync(serverCertificate, c => DestinationTlsCredentialTests.IssuedBy(c, vault.CaCertificate));
        await using var _ = backend;
        var gatewayPort = GatewayClient.FreePort();
        await CompiledRules.ApplyAsync(env, Rules(new Uri(backend.Urls.First()).Port, gatewayPort, """
                  mode            = "mutual"
                  credential_name = "vault:pki/roles/mesh-client"
            """));
        var options = env.Options("gw-egress");
        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
        options.Vault.Address = vault.Address;
        options.Vault.Token = "root";

        await using var gateway = await GatewayHost.StartAsync(options, "egress", env.Ca, null, CancellationToken.None);
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");
        await EventuallyAsync(async () => (await GatewayClient.GetAsync(gatewayPort, $"http://{External}/v1")).Status == HttpStatusCode.OK, "the gateway reaches the backend");
        var (status, body, _) = await GatewayClient.GetAsync(gatewayPort, $"http://{External}/v1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|egress", body);
    }

    [Fact]
    public async Task Mutual_BackendRequiringClientCertificate_GetsTheRuleCertificate()
    {
        var (status, body) = await CallThroughGatewayAsync("""
                  mode               = "mutual"
                  ca_certificates    = "{ca}"
                  client_certificate = "{cert}"
                  private_key        = "{key}"
            """, External, requireClientCertificate: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|gw.client.test", body);
    }

    [Fact]
    public async Task Sidecar_ThroughMeshMutualGateway_GatewayOriginatesTlsWithTheRule()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var certificate = certs.IssueWithKey(External);
        var backend = await TlsBackend.StartAsync(certificate);
        await using var _ = backend;
        var gatewayPort = GatewayClient.FreePort();
        var rules = Rules(new Uri(backend.Urls.First()).Port, gatewayPort, $$"""
                  mode            = "simple"
                  ca_certificates = "{{certs.CaFile}}"
            """, meshMutual: true);
        await CompiledRules.ApplyAsync(env, rules);

        var options = env.Options("gw-egress");
        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
        await using var gateway = await GatewayHost.StartAsync(options, "egress", env.Ca, null, CancellationToken.None);
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-web", Service("web", app.Port, External)));
        var outbound = agent.GetOutboundEndPoint("web", External)!;

        await EventuallyAsync(async () => (await SendAsync(outbound)).Status == HttpStatusCode.OK, "the sidecar reaches the backend through the gateway");
        var (status, body) = await SendAsync(outbound);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|", body);
    }

    private static Task<(HttpStatusCode Status, string Body)> SendAsync(IPEndPoint outbound) =>
        MeshTestEnvironment.GetAsync(outbound, "/v1", External);
}
