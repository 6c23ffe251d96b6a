using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Agent.Tests.Gateways;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Security;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>
/// A destination rule's <c>tls</c> applied by the sidecar: the app sends plain HTTP to its outbound listener, the
/// sidecar originates TLS to a <c>service_entry</c> host (simple, mutual, insecure) or, with <c>disable</c>, dials a
/// strict mesh peer in plain text. Real agents, a real development catalog, Kestrel backends with test certificates.
/// </summary>
public sealed class DestinationTlsTests
{
    private const string External = "api.external.test";

    private static ProxySnapshot ExternalHost(int backendPort, ClientTlsSettings tls, string version = "1") => new()
    {
        Version = version,
        Host = External,
        Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
        StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = backendPort } }],
        Http = [new HttpRoute { Route = [new RouteDestination { Host = External }] }],
        Clusters = [new Cluster { Host = External, TrafficPolicy = new TrafficPolicy { Tls = tls } }],
    };

    private static Task<(HttpStatusCode Status, string Body)> SendAsync(IPEndPoint listener, string host) =>
        MeshTestEnvironment.GetAsync(listener, "/v1", host);

    private static async Task<(HttpStatusCode Status, string Body)> CallExternalAsync(ClientTlsSettings tls, Func<TestCertificates, X509Certificate2> serverCertificate, bool requireClientCertificate = false)
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var certificate = serverCertificate(certs);
        var backend = await TlsBackend.StartAsync(certificate, requireClientCertificate ? certs : null);
        await using var _ = backend;
        var backendPort = new Uri(backend.Urls.First()).Port;
        await env.WriteSnapshotAsync(ExternalHost(backendPort, tls with
        {
            CaCertificates = tls.CaCertificates == "{ca}" ? certs.CaFile : tls.CaCertificates,
            ClientCertificate = tls.ClientCertificate == "{cert}" ? certs.IssueFiles("client", "web.client.test").Certificate : tls.ClientCertificate,
            PrivateKey = tls.PrivateKey == "{key}" ? Path.Combine(env.Root, "certs", "client.key") : tls.PrivateKey,
        }));
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port, External)));
        var outbound = agent.GetOutboundEndPoint("web", External)!;

        // One request decides each case (a refusal is a 503 too): send it once the agent serves the host's snapshot
        // with the backend's endpoint, not while the snapshot may still be on its way.
        var port = backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await EventuallyAsync(
            () => Task.FromResult(Encoding.UTF8.GetString(agent.GetProxyConfigJson()).Contains(port, StringComparison.Ordinal)),
            "the agent serves the snapshot of " + External);
        return await SendAsync(outbound, External);
    }

    [Fact]
    public async Task Simple_ServiceEntryHttpPort_SidecarOriginatesTlsCheckedAgainstCaFile()
    {
        var (status, body) = await CallExternalAsync(new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = "{ca}" }, c => c.IssueWithKey(External));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|", body);
    }

    [Fact]
    public async Task Simple_SniAndMatchingSubjectAltName_Accepted()
    {
        var (status, body) = await CallExternalAsync(
            new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = "{ca}", Sni = "backend.internal.test", SubjectAltNames = ["backend.internal.test"] },
            c => c.IssueWithKey("backend.internal.test"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simple_SubjectAltNameNotOnCertificate_Refused()
    {
        var (status, _) = await CallExternalAsync(
            new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = "{ca}", SubjectAltNames = ["other.external.test"] },
            c => c.IssueWithKey(External));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task Simple_CertificateFromUnknownCa_RefusedUnlessInsecureSkipVerify()
    {
        using var otherCa = new TestCertificates(Path.Combine(Path.GetTempPath(), "mesh-other-ca-" + Guid.NewGuid().ToString("N")));
        var (refused, _) = await CallExternalAsync(new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = otherCa.CaFile }, c => c.IssueWithKey(External));
        var (accepted, body) = await CallExternalAsync(new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = otherCa.CaFile, InsecureSkipVerify = true }, c => c.IssueWithKey(External));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.StartsWith("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_BackendRequiringClientCertificate_GetsTheRuleCertificate()
    {
        var (status, body) = await CallExternalAsync(
            new ClientTlsSettings { Mode = TlsMode.Mutual, CaCertificates = "{ca}", ClientCertificate = "{cert}", PrivateKey = "{key}" },
            c => c.IssueWithKey(External),
            requireClientCertificate: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|web.client.test", body);
    }

    [Fact]
    public async Task Disable_StrictMeshPeer_Gets503WithoutHanging()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "api" }] }],
            Clusters = [new Cluster { Host = "api", TrafficPolicy = new TrafficPolicy { Tls = new ClientTlsSettings { Mode = TlsMode.Disable } } }],
            Inbound = new InboundPolicy { Mode = PeerAuthenticationMode.Strict },
        });
        var appA = await env.StartAppAsync("web");
        var appB = await env.StartAppAsync("api");
        await env.StartAgentAsync(env.Options("node-b", Service("api", appB.Port)));
        var agentA = await env.StartAgentAsync(env.Options("node-a", Service("web", appA.Port, "api")));
        var outbound = agentA.GetOutboundEndPoint("web", "api")!;

        // Wait for the peer to be known and the rule applied: the answer turns from "no healthy upstream" to the peer's refusal.
        var started = TimeProvider.System.GetTimestamp();
        await EventuallyAsync(async () => (await GetAsync(outbound)).Body.Length > 0, "web gets an answer about api");
        var (status, body) = await GetAsync(outbound);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("api|", body, StringComparison.Ordinal);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15));
    }
}
