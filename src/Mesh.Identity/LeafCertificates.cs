using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>Builds the requests and extensions of mesh leaf certificates.</summary>
internal static class LeafCertificates
{
    /// <summary>Tolerance for clocks that run behind the issuer's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>A new ECDSA P-256 key.</summary>
    public static ECDsa CreateKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A request with an empty subject and a critical URI SAN (RFC 5280 wants it critical when the subject is empty).</summary>
    public static CertificateRequest CreateRequest(ECDsa key, SpiffeId id)
    {
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(CreateSan(id));
        return request;
    }

    /// <summary>The URI SAN extension carrying the SPIFFE id.</summary>
    public static X509Extension CreateSan(SpiffeId id)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(id.ToUri());
        return san.Build(critical: true);
    }

    /// <summary>Adds what makes a request a mesh leaf: not a CA, digitalSignature, serverAuth + clientAuth, key ids.</summary>
    public static void AddLeafExtensions(CertificateRequest request, X509Certificate2 issuer)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
    }

    /// <summary>A positive random 16-byte serial number.</summary>
    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    /// <summary>Reads every certificate in a PEM text.</summary>
    public static List<X509Certificate2> ReadPemCertificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }
}
