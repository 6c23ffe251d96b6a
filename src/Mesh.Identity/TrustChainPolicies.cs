using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>
/// One version of the mesh trust anchors with the chain policies prepared from it, built once when the anchors are
/// set (not per handshake): <see cref="X509ChainTrustMode.CustomRootTrust"/> over the anchors, intermediates among
/// them also offered for path building, no revocation, and the peer's purpose (client or server authentication).
/// Replacing <see cref="MeshTls.TrustAnchors"/> replaces the whole instance, so no handshake mixes two versions.
/// </summary>
/// <remarks>
/// The prepared policies are never handed out: <see cref="CreatePolicy"/> clones one (copies a few references), because
/// a policy given to an <see cref="X509Chain"/> or to <c>SslStream</c> is mutated there (<c>SslStream</c> adds the
/// certificates the peer sent to its <c>ExtraStore</c>), so sharing one across concurrent handshakes is not safe.
/// </remarks>
internal sealed class TrustChainPolicies
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly X509ChainPolicy _clientPeer;
    private readonly X509ChainPolicy _serverPeer;

    public TrustChainPolicies(IReadOnlyList<X509Certificate2> anchors)
    {
        Anchors = anchors ?? throw new ArgumentNullException(nameof(anchors));
        _clientPeer = Prepare(anchors, ClientAuth);
        _serverPeer = Prepare(anchors, ServerAuth);
    }

    /// <summary>The anchors as given to <see cref="MeshTls.TrustAnchors"/>.</summary>
    public IReadOnlyList<X509Certificate2> Anchors { get; }

    /// <summary>
    /// A policy of its own for one chain build: a clone of the prepared one for the peer's side, verified at
    /// <paramref name="verificationTime"/> (UTC).
    /// </summary>
    public X509ChainPolicy CreatePolicy(bool peerIsClient, DateTime verificationTime)
    {
        var policy = (peerIsClient ? _clientPeer : _serverPeer).Clone();
        policy.VerificationTime = verificationTime;
        return policy;
    }

    private static X509ChainPolicy Prepare(IReadOnlyList<X509Certificate2> anchors, Oid purpose)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.ApplicationPolicy.Add(purpose);
        foreach (var anchor in anchors)
        {
            // Intermediates (from a Vault ca_chain) are trusted as anchors too, and offered for path building.
            policy.CustomTrustStore.Add(anchor);
            if (!anchor.SubjectName.RawData.AsSpan().SequenceEqual(anchor.IssuerName.RawData))
            {
                policy.ExtraStore.Add(anchor);
            }
        }

        return policy;
    }
}
