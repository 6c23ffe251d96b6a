using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity.Tests;

/// <summary>Helpers shared by the identity tests.</summary>
internal static class TestCertificates
{
    public static SpiffeId Id(string ns, string service) => new("mesh.test", ns, service);

    /// <summary>Builds the chain of <paramref name="leaf"/> against <paramref name="anchors"/> only.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, IEnumerable<X509Certificate2> anchors, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        return chain.Build(leaf);
    }
}
