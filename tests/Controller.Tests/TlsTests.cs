using Mesh.Controller.Configuration;
using Mesh.ControllerApi;

namespace Mesh.Controller.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task Https_ClientTrustingTheCa_Works()
    {
        using var certificates = TestCertificates.Create();
        await using var fixture = await ControllerFixture.StartAsync(o => o.Tls = new ControllerTlsOptions { CertFile = certificates.ServerCertFile, KeyFile = certificates.ServerKeyFile });
        Assert.Equal(Uri.UriSchemeHttps, fixture.Controller.ApiAddress.Scheme);
        using var client = ControllerClient.Create(fixture.Controller.ApiAddress, ControllerFixture.OperatorToken, new ControllerTlsSettings { CaFile = certificates.CaFile });

        var applied = await client.ApplyAsync(FakeBundleEvaluator.Bundle("virtual_service web v1"));

        Assert.Equal(1, applied.Generation);
        Assert.Equal(1, (await client.StatusAsync()).Generation);
    }

    [Fact]
    public async Task Https_ClientTrustingAnotherCa_FailsNamingTheCause()
    {
        using var certificates = TestCertificates.Create();
        using var other = TestCertificates.Create("other");
        await using var fixture = await ControllerFixture.StartAsync(o => o.Tls = new ControllerTlsOptions { CertFile = certificates.ServerCertFile, KeyFile = certificates.ServerKeyFile });
        using var client = ControllerClient.Create(fixture.Controller.ApiAddress, ControllerFixture.OperatorToken, new ControllerTlsSettings { CaFile = other.CaFile });

        var error = await Assert.ThrowsAsync<ControllerApiException>(() => client.StatusAsync());

        Assert.StartsWith($"TLS handshake with the controller at {fixture.Controller.ApiAddress} failed: the controller's certificate (CN=test controller) does not chain to the configured CA", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Https_ClientWithSystemTrust_FailsAsTlsError()
    {
        using var certificates = TestCertificates.Create();
        await using var fixture = await ControllerFixture.StartAsync(o => o.Tls = new ControllerTlsOptions { CertFile = certificates.ServerCertFile, KeyFile = certificates.ServerKeyFile });
        using var client = new ControllerClient(fixture.Controller.ApiAddress, ControllerFixture.OperatorToken);

        var error = await Assert.ThrowsAsync<ControllerApiException>(() => client.StatusAsync());

        Assert.Contains("TLS handshake with the controller", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_RequiredClientCertificate_RefusesClientsWithoutOne()
    {
        using var certificates = TestCertificates.Create();
        await using var fixture = await ControllerFixture.StartAsync(o => o.Tls = new ControllerTlsOptions
        {
            CertFile = certificates.ServerCertFile,
            KeyFile = certificates.ServerKeyFile,
            ClientCaFile = certificates.CaFile,
            RequireClientCert = true,
        });
        using var withCertificate = ControllerClient.Create(fixture.Controller.ApiAddress, ControllerFixture.OperatorToken, new ControllerTlsSettings
        {
            CaFile = certificates.CaFile,
            ClientCertificateFile = certificates.ClientCertFile,
            ClientKeyFile = certificates.ClientKeyFile,
        });
        using var without = ControllerClient.Create(fixture.Controller.ApiAddress, ControllerFixture.OperatorToken, new ControllerTlsSettings { CaFile = certificates.CaFile });

        Assert.Equal(0, (await withCertificate.StatusAsync()).Generation);
        var error = await Assert.ThrowsAnyAsync<ControllerApiException>(() => without.StatusAsync());
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingCaFile_NamesTheFile()
    {
        var error = Assert.Throws<ControllerApiException>(() => ControllerClient.Create(new Uri("https://127.0.0.1:1"), null, new ControllerTlsSettings { CaFile = "/nonexistent/ca.pem" }));

        Assert.Contains("/nonexistent/ca.pem", error.Message, StringComparison.Ordinal);
    }
}
