using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.ControllerApi;
using Mesh.Identity;

namespace Mesh.Controller.Tests;

public sealed class CertificateTests
{
    [Fact]
    public async Task Sign_AgentCsr_ReturnsCertificateNamingWorkloadSpiffeId()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var agent = fixture.Client(ControllerFixture.AgentToken);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=anything", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var response = await agent.SignCertificateAsync(new CertificateSignRequest(csr, "prod", "web", 0));

        Assert.Equal("spiffe://mesh.test/ns/prod/svc/web", response.SpiffeId);
        using var leaf = X509Certificate2.CreateFromPem(response.CertificatePem);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("spiffe://mesh.test/ns/prod/svc/web", san.Format(false), StringComparison.Ordinal);
        using var leafKey = leaf.GetECDsaPublicKey()!;
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leafKey.ExportSubjectPublicKeyInfo());
        var lifetime = response.NotAfter - TimeProvider.System.GetUtcNow();
        Assert.InRange(lifetime, TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));

        var roots = await agent.GetTrustBundleAsync();
        using var root = X509Certificate2.CreateFromPem(Assert.Single(roots.RootsPem));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf));
        Assert.True(File.Exists(Path.Combine(fixture.DataDirectory, BuiltInCertificateAuthority.CertificateFileName)));
    }

    [Fact]
    public async Task Sign_TtlAboveMaximum_IsCapped()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=anything", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var response = await fixture.Client(ControllerFixture.AgentToken).SignCertificateAsync(
            new CertificateSignRequest(csr, "default", "api", (long)TimeSpan.FromDays(30).TotalSeconds));

        Assert.InRange(response.NotAfter - TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(71), TimeSpan.FromHours(72.1));
    }

    [Fact]
    public async Task Sign_GarbageCsr_IsBadRequest()
    {
        await using var fixture = await ControllerFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ControllerApiException>(() =>
            fixture.Client(ControllerFixture.AgentToken).SignCertificateAsync(new CertificateSignRequest("not a csr", "default", "api", 0)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }
}
