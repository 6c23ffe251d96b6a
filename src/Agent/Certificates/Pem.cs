using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Identity;

namespace Mesh.Agent.Certificates;

/// <summary>Key, CSR and PEM helpers for certificates the agent asks for.</summary>
internal static class Pem
{
    public static ECDsa CreateKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string CreateCsr(ECDsa key, SpiffeId id)
    {
        var request = new CertificateRequest("CN=" + id.Service, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(id.ToUri());
        request.CertificateExtensions.Add(san.Build(critical: true));
        return request.CreateSigningRequestPem();
    }

    public static List<X509Certificate2> ReadCertificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }
}
