using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.Identity;

/// <summary>A workload's leaf certificate with its private key, the chain up to (not always including) the root, and its SPIFFE id.</summary>
public sealed class WorkloadCertificate : IDisposable
{
    /// <summary>Wraps a leaf that carries its private key; <paramref name="chain"/> holds the issuers, nearest first.</summary>
    public WorkloadCertificate(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("A workload certificate needs its private key.", nameof(certificate));
        }

        Certificate = certificate;
        Chain = chain ?? [];
        Id = id;
    }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The issuers of the leaf, nearest first.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The SPIFFE id in the leaf's URI SAN.</summary>
    public SpiffeId Id { get; }

    /// <summary>The start of validity.</summary>
    public DateTimeOffset NotBefore => new(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>The end of validity.</summary>
    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>The whole validity period.</summary>
    public TimeSpan Lifetime => NotAfter - NotBefore;

    /// <summary>The leaf followed by its chain, as PEM.</summary>
    public string ExportCertificatePem()
    {
        var builder = new StringBuilder(Certificate.ExportCertificatePem()).Append('\n');
        foreach (var issuer in Chain)
        {
            builder.Append(issuer.ExportCertificatePem()).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The private key as PKCS#8 PEM (a secret: write it 0600, never log it).</summary>
    public string ExportPrivateKeyPem()
    {
        using var key = Certificate.GetECDsaPrivateKey();
        if (key is not null)
        {
            return key.ExportPkcs8PrivateKeyPem();
        }

        using var rsa = Certificate.GetRSAPrivateKey() ?? throw new CryptographicException("The certificate's key is neither ECDSA nor RSA.");
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Reads back what <see cref="ExportCertificatePem"/> and <see cref="ExportPrivateKeyPem"/> wrote.</summary>
    public static WorkloadCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certificatePem);
        if (all.Count == 0)
        {
            throw new CryptographicException("The PEM holds no certificate.");
        }

        var leaf = X509Certificate2.CreateFromPem(all[0].ExportCertificatePem(), privateKeyPem);
        var id = MeshTls.TryGetPeerSpiffeId(leaf, out var spiffeId)
            ? spiffeId
            : throw new CryptographicException("The certificate has no SPIFFE URI SAN.");
        return new WorkloadCertificate(leaf, [.. all.Skip(1)], id);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var issuer in Chain)
        {
            issuer.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} (serial {Certificate.SerialNumber}, valid {NotBefore:O} to {NotAfter:O})";
}
