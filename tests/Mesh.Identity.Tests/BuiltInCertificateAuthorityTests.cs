using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class BuiltInCertificateAuthorityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mesh-ca-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task IssueAsync_Leaf_ChainsToRootAndNamesTheSpiffeIdOnly()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, time);
        var id = TestCertificates.Id("default", "web");

        using var issued = await ca.IssueAsync(id, TimeSpan.FromHours(24), CancellationToken.None);

        var leaf = issued.Certificate;
        Assert.True(leaf.HasPrivateKey);
        Assert.NotNull(leaf.GetECDsaPublicKey());
        Assert.True(MeshTls.TryGetPeerSpiffeId(leaf, out var read));
        Assert.Equal(id, read);
        Assert.Equal(id, issued.Id);
        Assert.Equal(string.Empty, leaf.Subject);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(1), issued.NotBefore, TimeSpan.FromSeconds(1));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(24), issued.NotAfter, TimeSpan.FromSeconds(1));
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None);
        Assert.True(TestCertificates.ChainsTo(leaf, anchors, time.GetUtcNow()));
        Assert.Equal("CN=Mesh Built-in CA, O=mesh.test", ca.Root.Subject);
        var constraints = ca.Root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
    }

    [Fact]
    public async Task IssueAsync_IdFromAnotherTrustDomain_Throws()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            ca.IssueAsync(new SpiffeId("evil.test", "default", "web"), TimeSpan.FromHours(1), CancellationToken.None));
    }

    [Fact]
    public void SignCsr_AgentRequest_KeepsAgentKeyAndIgnoresRequestedNames()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=i-want-to-be-admin", key, HashAlgorithmName.SHA256);
        var id = TestCertificates.Id("prod", "api");

        using var leaf = ca.SignCsr(System.Text.Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()), id, TimeSpan.FromHours(1));
        using var fromDer = ca.SignCsr(request.CreateSigningRequest(), id, TimeSpan.FromHours(1));

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(string.Empty, leaf.Subject);
        Assert.True(MeshTls.TryGetPeerSpiffeId(fromDer, out var read));
        Assert.Equal(id, read);
        Assert.NotEqual(leaf.SerialNumber, fromDer.SerialNumber);
    }

    [Fact]
    public async Task Root_PersistedDirectory_ReloadsSameRootWithPrivateKeyFile()
    {
        string thumbprint;
        using (var first = new BuiltInCertificateAuthority("mesh.test", _directory, TimeProvider.System))
        {
            thumbprint = first.Root.Thumbprint;
        }

        var keyPath = Path.Combine(_directory, BuiltInCertificateAuthority.KeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));

        using var second = new BuiltInCertificateAuthority("mesh.test", _directory, TimeProvider.System);
        Assert.Equal(thumbprint, second.Root.Thumbprint);
        using var issued = await second.IssueAsync(TestCertificates.Id("default", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        Assert.True(TestCertificates.ChainsTo(issued.Certificate, [second.Root], TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public async Task WorkloadCertificate_PemRoundTrip_KeepsKeyChainAndId()
    {
        using var ca = new BuiltInCertificateAuthority("mesh.test", null, TimeProvider.System);
        using var issued = await ca.IssueAsync(TestCertificates.Id("default", "web"), TimeSpan.FromHours(1), CancellationToken.None);

        using var loaded = WorkloadCertificate.FromPem(issued.ExportCertificatePem(), issued.ExportPrivateKeyPem());

        Assert.Equal(issued.Id, loaded.Id);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(issued.Certificate.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Equal(ca.Root.Thumbprint, Assert.Single(loaded.Chain).Thumbprint);
    }
}
