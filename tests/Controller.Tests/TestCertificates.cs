using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Controller.Tests;

/// <summary>A CA (ECDSA P-256) with a server certificate for 127.0.0.1 and a client certificate, written as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    public string ClientCertFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client-key.pem");

    public static TestCertificates Create(string name = "test")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory($"controller-tls-{name}-").FullName;
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        Issue(ca, caKey, $"CN={name} controller", "1.3.6.1.5.5.7.3.1", san.Build(), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server-key.pem"), now);
        Issue(ca, caKey, $"CN={name} operator", "1.3.6.1.5.5.7.3.2", null, Path.Combine(directory, "client.pem"), Path.Combine(directory, "client-key.pem"), now);
        return new TestCertificates(directory);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Issue(X509Certificate2 ca, ECDsa caKey, string subject, string usage, X509Extension? san, string certFile, string keyFile, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddHours(12), serial);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
