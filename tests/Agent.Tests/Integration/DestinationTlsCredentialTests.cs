using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Hosting;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Mesh.TestDoubles.Vault;
using Mesh.Vault;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>
/// A destination rule's <c>tls { mode = "mutual", credential_name = "vault:pki/roles/&lt;role&gt;" }</c> on a sidecar: the
/// agent has the Vault double sign a client certificate for the calling service and presents it to an HTTPS backend
/// that requires a client certificate from Vault's CA; a refusal (or no Vault credentials) rejects the host's snapshot.
/// </summary>
public sealed class DestinationTlsCredentialTests
{
    private const string External = "api.external.test";
    private const string Role = "mesh-client";
    private const string Credential = "vault:pki/roles/" + Role;
    private const string WebIdentity = "spiffe://mesh.local/ns/default/svc/web";

    /// <summary>A Vault double whose role <c>mesh-client</c> signs any name and the URI SANs <paramref name="uriSans"/> matches.</summary>
    internal static VaultDoubleOptions VaultAllowing(string uriSans, TimeSpan? ttl = null)
    {
        var options = new VaultDoubleOptions();
        options.PkiRoles.Add(new VaultDoublePkiRole { Name = Role, AllowAnyName = true, AllowedUriSans = [uriSans], Ttl = ttl });
        return options;
    }

    private static ProxySnapshot ExternalHost(int backendPort, ClientTlsSettings tls) => new()
    {
        Version = "1",
        Host = External,
        Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
        StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = backendPort } }],
        Http = [new HttpRoute { Route = [new RouteDestination { Host = External }] }],
        Clusters = [new Cluster { Host = External, TrafficPolicy = new TrafficPolicy { Tls = tls } }],
    };

    /// <summary>A server certificate for <paramref name="name"/> with its key, issued by the Vault double's CA.</summary>
    internal static async Task<X509Certificate2> ServerCertificateFromAsync(VaultDouble vault, string name)
    {
        using var http = new HttpClient();
        var client = new VaultClient(http, new VaultClientOptions { Address = vault.Address, Token = "root" });
        var issued = await client.IssueAsync("pki", Role, new PkiIssueRequest { CommonName = name, AltNames = [name] });
        using var pem = X509Certificate2.CreateFromPem(issued.Certificate, issued.PrivateKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    internal static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        return chain.Build(certificate);
    }

    private static Task<(HttpStatusCode Status, string Body)> SendAsync(IPEndPoint listener) =>
        MeshTestEnvironment.GetAsync(listener, "/v1", External);

    private static async Task<AgentHost> StartWebAsync(MeshTestEnvironment env, VaultDouble? vault)
    {
        var app = await env.StartAppAsync("web");
        var options = env.Options("node-a", Service("web", app.Port, External));
        if (vault is not null)
        {
            options.Vault.Address = vault.Address;
            options.Vault.Token = "root";
        }

        return await env.StartAgentAsync(options);
    }

    [Fact]
    public async Task Mutual_CredentialNameFromVault_BackendRequiringVaultSignedClientCertificateAccepts()
    {
        await using var vault = await VaultDouble.StartAsync(VaultAllowing("spiffe://mesh.local/*"));
        await using var env = await MeshTestEnvironment.StartAsync();
        using var serverCertificate = await ServerCertificateFromAsync(vault, External);
        X509Certificate2? presented = null;
        var backend = await TlsBackend.StartAsync(serverCertificate, c =>
        {
            presented = X509CertificateLoader.LoadCertificate(c.RawData);
            return IssuedBy(c, vault.CaCertificate);
        });
        await using var _ = backend;
        var backendPort = new Uri(backend.Urls.First()).Port;

        // No ca_certificates: the server certificate is checked against the CA chain Vault returned with the client certificate.
        await env.WriteSnapshotAsync(ExternalHost(backendPort, new ClientTlsSettings { Mode = TlsMode.Mutual, CredentialName = Credential }));
        var agent = await StartWebAsync(env, vault);
        var outbound = agent.GetOutboundEndPoint("web", External)!;
        var port = backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await EventuallyAsync(
            () => Task.FromResult(Encoding.UTF8.GetString(agent.GetProxyConfigJson()).Contains(port, StringComparison.Ordinal)),
            "the agent serves the snapshot of " + External);

        var (status, body) = await SendAsync(outbound);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|web", body);
        Assert.NotNull(presented);
        Assert.True(ClientTlsOptionsFactory.CarriesAny(presented, [WebIdentity]), "the client certificate carries the calling service's SPIFFE id");
        Assert.Equal(2, vault.CertificatesIssued); // the backend's server certificate and the sidecar's client certificate
        presented.Dispose();
    }

    [Fact]
    public async Task CredentialName_VaultRefusesTheIdentity_HostSnapshotRejectedWithVaultsReason()
    {
        await using var vault = await VaultDouble.StartAsync(VaultAllowing("spiffe://other.domain/*"));
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(ExternalHost(443, new ClientTlsSettings { Mode = TlsMode.Mutual, CredentialName = Credential }));

        var agent = await StartWebAsync(env, vault);

        await EventuallyAsync(() => Task.FromResult(agent.Snapshots.Get(External)?.RejectedError is not null), "the snapshot of " + External + " is rejected");
        var state = agent.Snapshots.Get(External)!;
        Assert.Contains(Credential, state.RejectedError, StringComparison.Ordinal);
        Assert.Contains("URI Subject Alternative Name " + WebIdentity + " not allowed by this role", state.RejectedError, StringComparison.Ordinal);
        Assert.Equal("default", state.Origin);
        Assert.Contains("rejected", Encoding.UTF8.GetString(agent.GetProxyConfigJson()), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CredentialName_AgentWithoutVaultCredentials_HostRejectedOthersServed()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(ExternalHost(443, new ClientTlsSettings { Mode = TlsMode.Mutual, CredentialName = Credential }));
        var appApi = await env.StartAppAsync("api");
        await env.StartAgentAsync(env.Options("node-b", Service("api", appApi.Port)));
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port, External, "api")));

        await EventuallyAsync(() => Task.FromResult(agent.Snapshots.Get(External)?.RejectedError is not null), "the snapshot of " + External + " is rejected");
        Assert.Contains("needs Vault", agent.Snapshots.Get(External)!.RejectedError, StringComparison.Ordinal);
        Assert.Contains("vault { }", agent.Snapshots.Get(External)!.RejectedError, StringComparison.Ordinal);
        var api = agent.GetOutboundEndPoint("web", "api")!;
        await EventuallyAsync(async () => (await GetAsync(api)).Status == HttpStatusCode.OK, "web still reaches api");
    }
}
