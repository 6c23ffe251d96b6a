using System.Net;
using System.Text;
using Mesh.TestDoubles.Vault;
using Mesh.Vault;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class VaultTests
{
    private static VaultDoubleOptions Options(TimeProvider time, params string[] allowedUriSans)
    {
        var options = new VaultDoubleOptions { TimeProvider = time, PkiMount = "pki_int" };
        options.AppRoles.Add(new VaultDoubleAppRole { RoleId = "agent-role", SecretId = "agent-secret", Policies = ["mesh-agent"] });
        options.PkiRoles.Add(new VaultDoublePkiRole
        {
            Name = "leaf-cert",
            AllowAnyName = true,
            AllowedUriSans = allowedUriSans.Length == 0 ? ["spiffe://*"] : allowedUriSans,
            RequireCn = false,
            MaxTtl = TimeSpan.FromHours(72),
            KeyType = "ec",
        });
        return options;
    }

    private static async Task<VaultClient> LoggedInClientAsync(VaultDouble vault, HttpClient http)
    {
        var client = new VaultClient(http, new VaultClientOptions { Address = vault.Address, Namespace = "team-a" });
        await client.LoginAppRoleAsync("agent-role", "agent-secret");
        return client;
    }

    [Fact]
    public async Task VaultPkiProvider_Sign_ReturnsLeafWithLocalKeyChainingToMountCa()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var vault = await VaultDouble.StartAsync(Options(time));
        using var http = new HttpClient();
        var client = await LoggedInClientAsync(vault, http);
        var provider = new VaultPkiCertificateProvider(client, "pki_int", "leaf-cert");
        var id = TestCertificates.Id("default", "web");

        using var issued = await provider.IssueAsync(id, TimeSpan.FromHours(24), CancellationToken.None);
        var anchors = await provider.GetTrustAnchorsAsync(CancellationToken.None);

        Assert.True(issued.Certificate.HasPrivateKey);
        Assert.True(MeshTls.TryGetPeerSpiffeId(issued.Certificate, out var read));
        Assert.Equal(id, read);
        Assert.Equal(vault.CaCertificate.Thumbprint, Assert.Single(anchors).Thumbprint);
        Assert.True(TestCertificates.ChainsTo(issued.Certificate, anchors, time.GetUtcNow()));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(24), issued.NotAfter, TimeSpan.FromSeconds(2));
        Assert.Equal(1, vault.CertificatesIssued);
        Assert.Equal("team-a", vault.LastNamespace);
    }

    [Fact]
    public async Task VaultPkiProvider_UriSanNotAllowedByRole_ThrowsVaultException400()
    {
        await using var vault = await VaultDouble.StartAsync(Options(TimeProvider.System, "spiffe://mesh.test/ns/default/*"));
        using var http = new HttpClient();
        var provider = new VaultPkiCertificateProvider(await LoggedInClientAsync(vault, http), "pki_int", "leaf-cert");

        var error = await Assert.ThrowsAsync<VaultException>(() =>
            provider.IssueAsync(TestCertificates.Id("prod", "web"), TimeSpan.FromHours(1), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("spiffe://mesh.test/ns/prod/svc/web not allowed", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Equal(0, vault.CertificatesIssued);
    }

    [Fact]
    public async Task VaultPkiProvider_TtlAboveRoleMax_IsCappedToMaxTtl()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var vault = await VaultDouble.StartAsync(Options(time));
        using var http = new HttpClient();
        var provider = new VaultPkiCertificateProvider(await LoggedInClientAsync(vault, http), "pki_int", "leaf-cert");

        using var issued = await provider.IssueAsync(TestCertificates.Id("default", "web"), TimeSpan.FromDays(30), CancellationToken.None);

        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(72), issued.NotAfter, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task VaultClient_Issue_ReturnsVaultGeneratedKey()
    {
        await using var vault = await VaultDouble.StartAsync(Options(TimeProvider.System));
        using var http = new HttpClient();
        var client = await LoggedInClientAsync(vault, http);

        var issued = await client.IssueAsync("pki_int", "leaf-cert", new PkiIssueRequest { UriSans = ["spiffe://mesh.test/ns/a/svc/b"], Ttl = TimeSpan.FromHours(1) });

        Assert.Equal("ec", issued.PrivateKeyType);
        Assert.Contains("PRIVATE KEY", issued.PrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", issued.ToString(), StringComparison.Ordinal);
        Assert.Matches("^([0-9a-f]{2}:){15}[0-9a-f]{2}$", issued.SerialNumber);
        Assert.Single(issued.CaChain);
    }

    [Fact]
    public async Task VaultClient_BadOrRevokedToken_ThrowsPermissionDenied()
    {
        await using var vault = await VaultDouble.StartAsync(Options(TimeProvider.System));
        using var http = new HttpClient();
        var client = await LoggedInClientAsync(vault, http);
        var info = await client.LookupSelfAsync();
        Assert.Contains("mesh-agent", info.Policies);
        Assert.InRange(info.Ttl, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));

        vault.RevokeToken(info.Accessor);
        var error = await Assert.ThrowsAsync<VaultException>(() => client.LookupSelfAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(["permission denied"], error.Errors);
        var badLogin = await Assert.ThrowsAsync<VaultException>(() => client.LoginAppRoleAsync("agent-role", "wrong"));
        Assert.Equal(HttpStatusCode.BadRequest, badLogin.StatusCode);
    }

    [Fact]
    public async Task VaultClient_Health_MapsEveryStateWithoutThrowing()
    {
        await using var vault = await VaultDouble.StartAsync();
        using var http = new HttpClient();
        var client = new VaultClient(http, new VaultClientOptions { Address = vault.Address });

        Assert.Equal(VaultHealthStatus.Active, await client.HealthAsync());
        vault.Standby = true;
        Assert.Equal(VaultHealthStatus.Standby, await client.HealthAsync());
        vault.PerformanceStandby = true;
        Assert.Equal(VaultHealthStatus.PerformanceStandby, await client.HealthAsync());
        vault.Sealed = true;
        Assert.Equal(VaultHealthStatus.Sealed, await client.HealthAsync());
        var sealedError = await Assert.ThrowsAsync<VaultException>(() => client.GetCaPemAsync("pki"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedError.StatusCode);
        vault.Initialized = false;
        Assert.Equal(VaultHealthStatus.NotInitialized, await client.HealthAsync());

        var unreachable = new VaultClient(http, new VaultClientOptions { Address = new Uri("http://127.0.0.1:1/") });
        Assert.Equal(VaultHealthStatus.Unreachable, await unreachable.HealthAsync());
    }

    [Fact]
    public async Task VaultClient_QuotedExpiration_IsAccepted()
    {
        const string body = """{"data":{"certificate":"c","issuing_ca":"i","ca_chain":["i"],"serial_number":"01:02","expiration":"1700000000"}}""";
        using var http = new HttpClient(new StubHandler(body));
        var client = new VaultClient(http, new VaultClientOptions { Address = new Uri("http://vault.invalid:8200") });

        var signed = await client.SignAsync("pki", "leaf-cert", new PkiSignRequest { Csr = "csr" });

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), signed.Expiration);
    }

    private sealed class StubHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
