using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Nomad.Client;
using Mesh.Nomad.Tests.Watching;
using Mesh.TestDoubles.Nomad;

namespace Mesh.Nomad.Tests.Client;

public sealed class NomadTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-nomad-tls").FullName;

    [Fact]
    public async Task CreateHttpClient_CaFileThatSignedTheServer_TalksHttps()
    {
        var (ca, server) = IssueCertificates("127.0.0.1");
        await using var nomad = await NomadDouble.StartAsync(new NomadDoubleOptions { ServerCertificate = server, RequiredToken = NomadFixture.Token });
        var options = new NomadClientOptions { Address = nomad.Address, Token = NomadFixture.Token, CaCertificateFile = WritePem("ca.pem", ca) };
        using var http = NomadClient.CreateHttpClient(options);

        var nodeId = await new NomadClient(http, options).GetLocalNodeIdAsync(CancellationToken.None);

        Assert.Equal("https", nomad.Address.Scheme);
        Assert.Equal(nomad.NodeId, nodeId);
    }

    [Fact]
    public async Task CreateHttpClient_AnotherCa_RefusesTheServer()
    {
        var (_, server) = IssueCertificates("127.0.0.1");
        var (otherCa, _) = IssueCertificates("127.0.0.1");
        await using var nomad = await NomadDouble.StartAsync(new NomadDoubleOptions { ServerCertificate = server });
        var options = new NomadClientOptions { Address = nomad.Address, CaCertificateFile = WritePem("other-ca.pem", otherCa) };
        using var http = NomadClient.CreateHttpClient(options);

        await Assert.ThrowsAsync<HttpRequestException>(() => new NomadClient(http, options).GetLocalNodeIdAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateHttpClient_RightCaWrongName_RefusesTheServer()
    {
        var (ca, server) = IssueCertificates("nomad.example");
        await using var nomad = await NomadDouble.StartAsync(new NomadDoubleOptions { ServerCertificate = server });
        var options = new NomadClientOptions { Address = nomad.Address, CaCertificateFile = WritePem("ca.pem", ca) };
        using var http = NomadClient.CreateHttpClient(options);

        await Assert.ThrowsAsync<HttpRequestException>(() => new NomadClient(http, options).GetLocalNodeIdAsync(CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WritePem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static (X509Certificate2 Ca, X509Certificate2 Server) IssueCertificates(string serverName)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Nomad Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = TimeProvider.System.GetUtcNow();
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=server.global.nomad", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(serverName, out var ip))
        {
            names.AddIpAddress(ip);
        }
        else
        {
            names.AddDnsName(serverName);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddHours(1), [1, 2, 3, 4, 5, 6, 7, 8]);
        var server = signed.CopyWithPrivateKey(serverKey);
        return (ca, server);
    }
}
