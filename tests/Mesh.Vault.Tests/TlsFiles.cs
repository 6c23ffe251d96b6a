using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Vault.Tests;

/// <summary>A throwaway CA with a server certificate for a DNS name and a client certificate, also written as PEM files.</summary>
internal sealed class TlsFiles : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TlsFiles(string serverName)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vault-tls-").FullName;
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test Vault CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        Server = Issue("CN=" + serverName, serverName, ServerAuth, now);
        Client = Issue("CN=mesh-agent", null, ClientAuth, now);
        CaFile = Write("ca.pem", Ca.ExportCertificatePem());
        CertFile = Write("client.pem", Client.ExportCertificatePem());
        using var clientKey = Client.GetECDsaPrivateKey()!;
        KeyFile = Write("client-key.pem", clientKey.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private X509Certificate2 Issue(string subject, string? dnsName, Oid usage, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        using var certificate = request.Create(Ca, now.AddMinutes(-1), now.AddHours(1), RandomNumberGenerator.GetBytes(12));
        return certificate.CopyWithPrivateKey(key);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
