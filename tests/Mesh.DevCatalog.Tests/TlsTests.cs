using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.DevCatalog.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devcatalog-tls-").FullName;

    [Fact]
    public async Task StartAsync_WithTls_ServesHttpsAndRequiresAClientCertificateFromTheClientCa()
    {
        var (serverCert, serverKey) = WriteSelfSigned("server", san: true);
        var (clientCert, clientKey) = WriteSelfSigned("client", san: false);
        var (strangerCert, strangerKey) = WriteSelfSigned("stranger", san: false);
        await using var server = await DevCatalogServer.StartAsync(
            new DevCatalogOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Tls = new DevCatalogTlsOptions { CertFile = serverCert, KeyFile = serverKey, ClientCaFile = clientCert },
            },
            CancellationToken.None);

        Assert.Equal("https", server.Address.Scheme);
        using (var trusted = Client(serverCert, clientCert, clientKey))
        {
            using var response = await trusted.GetAsync(new Uri(server.Address, "v1/status/leader"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var anonymous = Client(serverCert, null, null))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync(new Uri(server.Address, "v1/status/leader")));
        }

        using (var stranger = Client(serverCert, strangerCert, strangerKey))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(new Uri(server.Address, "v1/status/leader")));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HttpClient Client(string caFile, string? certFile, string? keyFile)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPemFile(caFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        if (certFile is not null)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private (string Cert, string Key) WriteSelfSigned(string name, bool san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        if (san)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var certificate = request.CreateSelfSigned(
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var certFile = Path.Combine(_directory, name + ".pem");
        var keyFile = Path.Combine(_directory, name + "-key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}
