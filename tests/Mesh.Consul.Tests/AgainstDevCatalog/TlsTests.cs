using Mesh.DevCatalog;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

public sealed class TlsTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create();

    [Fact]
    public async Task PutAndGet_OverHttpsWithClientCertificate_RoundTrips()
    {
        await using var f = await DevCatalogFixture.StartAsync(tls: ServerTls(requireClientCert: true), client: o =>
        {
            o.CaFile = _pki.CaFile;
            o.CertFile = _pki.ClientCertFile;
            o.KeyFile = _pki.ClientKeyFile;
        });

        Assert.Equal("https", f.Address.Scheme);
        Assert.True(await f.Client.Kv.PutAsync("tls/key", "secret"u8.ToArray()));
        var entry = (await f.Client.Kv.GetAsync("tls/key")).Value;

        Assert.Equal("secret"u8.ToArray(), entry!.Value);
    }

    [Fact]
    public async Task Get_TlsServerNameDiffersFromAddressHost_VerifiesAgainstThatName()
    {
        await using var f = await DevCatalogFixture.StartAsync(tls: ServerTls(requireClientCert: false), client: o =>
        {
            o.CaFile = _pki.CaFile;
            o.TlsServerName = "consul.test";
        });

        Assert.True(await f.Client.Kv.PutAsync("named", "v"u8.ToArray()));
    }

    [Fact]
    public async Task Get_ServerCertificateFromAnotherCa_ThrowsUnreachableSayingNotTrusted()
    {
        using var other = TestPki.Create("Some Other CA");
        await using var f = await DevCatalogFixture.StartAsync(tls: ServerTls(requireClientCert: false), client: o => o.CaFile = other.CaFile);

        var error = await Assert.ThrowsAsync<ConsulUnreachableException>(() => f.Client.Kv.GetAsync("k"));

        Assert.StartsWith($"Consul at https://127.0.0.1:{f.Address.Port} is unreachable: TLS handshake failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate was not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains(other.CaFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoClientCertificateButServerRequiresOne_IsRefused()
    {
        await using var f = await DevCatalogFixture.StartAsync(tls: ServerTls(requireClientCert: true), client: o => o.CaFile = _pki.CaFile);

        var error = await Assert.ThrowsAsync<ConsulUnreachableException>(() => f.Client.Kv.GetAsync("k"));

        Assert.StartsWith($"Consul at https://127.0.0.1:{f.Address.Port} is unreachable:", error.Message, StringComparison.Ordinal);
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CertFileWithoutKeyFile_Throws()
    {
        var options = new ConsulClientOptions { CertFile = _pki.ClientCertFile };

        Assert.Throws<ArgumentException>(() => Http.ConsulHttpHandler.Create(options));
    }

    public void Dispose() => _pki.Dispose();

    private DevCatalogTlsOptions ServerTls(bool requireClientCert) => new()
    {
        CertFile = _pki.ServerCertFile,
        KeyFile = _pki.ServerKeyFile,
        ClientCaFile = requireClientCert ? _pki.CaFile : null,
    };
}
