using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

/// <summary>A throw-away PKI (ECDSA P-256) written as PEM files to a temp directory: a CA, a server and a client certificate.</summary>
public sealed class TestPki : IDisposable
{
    private TestPki(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    public string ClientCertFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client-key.pem");

    /// <summary>Creates a CA named <paramref name="caName"/> that issues a server certificate for 127.0.0.1/localhost/<paramref name="serverName"/> and a client certificate.</summary>
    public static TestPki Create(string caName = "Mesh Test CA", string serverName = "consul.test")
    {
        var directory = Path.Combine(Path.GetTempPath(), "mesh-pki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var pki = new TestPki(directory);
        var notBefore = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var notAfter = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(pki.CaFile, ca.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName(serverName);
        Issue(ca, "CN=server.dc1.consul", san.Build(), new Oid("1.3.6.1.5.5.7.3.1"), notBefore, notAfter, 1, pki.ServerCertFile, pki.ServerKeyFile);
        Issue(ca, "CN=mesh-client", null, new Oid("1.3.6.1.5.5.7.3.2"), notBefore, notAfter, 2, pki.ClientCertFile, pki.ClientKeyFile);
        return pki;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void Issue(
        X509Certificate2 ca, string subject, X509Extension? san, Oid usage, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial, string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        using var certificate = request.Create(ca, notBefore, notAfter, [serial, 0x4d, 0x65]);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
