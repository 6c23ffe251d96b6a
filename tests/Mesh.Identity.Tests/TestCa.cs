using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity.Tests;

/// <summary>Issues mesh leaves with explicit validity from a built-in CA's root (for expired / not-yet-valid cases).</summary>
internal static class TestCa
{
    public static WorkloadCertificate IssueLeaf(BuiltInCertificateAuthority ca, SpiffeId id, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = LeafCertificates.CreateKey();
        var request = LeafCertificates.CreateRequest(key, id);
        LeafCertificates.AddLeafExtensions(request, ca.Root);
        using var leaf = request.Create(ca.Root, notBefore, notAfter, LeafCertificates.NewSerial());
        return new WorkloadCertificate(leaf.CopyWithPrivateKey(key), [X509CertificateLoader.LoadCertificate(ca.Root.RawData)], id);
    }

    /// <summary>Collects <see cref="MeshTls.PeerRejected"/> reasons.</summary>
    public static List<string> CollectRejections(MeshTls tls)
    {
        var reasons = new List<string>();
        tls.PeerRejected += (_, e) =>
        {
            lock (reasons)
            {
                reasons.Add(e.Reason);
            }
        };
        return reasons;
    }
}
