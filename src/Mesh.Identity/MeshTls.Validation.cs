using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.Identity;

/// <summary>Validation of the peer's certificate: SPIFFE id, validity at the injected time, chain to the anchors.</summary>
public sealed partial class MeshTls
{
    /// <summary>How far the time a per-connection policy was prepared at may lag the validation before it is redone.</summary>
    private static readonly TimeSpan PreparedTimeTolerance = TimeSpan.FromSeconds(30);
    private long _ownChainBuilds;

    /// <summary>How many peer chains this instance built itself (rather than reusing the one <c>SslStream</c> built).</summary>
    internal long OwnChainBuilds => Interlocked.Read(ref _ownChainBuilds);

    /// <summary>
    /// Server options. <paramref name="perHandshake"/>: the options serve one handshake only (the selector), so
    /// <c>SslStream</c> can build the peer's chain with a policy of the mesh anchors at this time (instead of the
    /// system trust store), and the callback reuses that chain rather than building a second one.
    /// </summary>
    private SslServerAuthenticationOptions ServerOptions(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient, bool perHandshake)
    {
        var prepared = perHandshake ? Prepare(peerIsClient: true) : null;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = perHandshake ? null : (_, _) => _current().Certificate,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = Options.EnabledSslProtocols,
            ApplicationProtocols = [.. Options.ApplicationProtocols],
            AllowTlsResume = Options.AllowTlsResume,
            CertificateChainPolicy = prepared?.Policy,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null)
                {
                    if (requireClientCertificate)
                    {
                        Reject("the client presented no certificate", null, peerIsClient: true);
                        return false;
                    }

                    return true;
                }

                if (!ValidatePeer(certificate, chain, errors, prepared, peerIsClient: true, out var id))
                {
                    return false;
                }

                if (authorizeClient is not null && !authorizeClient(id))
                {
                    Reject($"{id} is not authorized", id, peerIsClient: true);
                    return false;
                }

                return true;
            },
        };
    }

    private SslClientAuthenticationOptions CreateClientOptionsCore(string expectedServer, string? targetHost, bool perConnection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedServer);
        var prepared = perConnection ? Prepare(peerIsClient: false) : null;
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost ?? string.Empty,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = Options.EnabledSslProtocols,
            ApplicationProtocols = [.. Options.ApplicationProtocols],
            AllowTlsResume = Options.AllowTlsResume,
            CertificateChainPolicy = prepared?.Policy,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null)
                {
                    Reject("the server presented no certificate", null, peerIsClient: false);
                    return false;
                }

                if (!ValidatePeer(certificate, chain, errors, prepared, peerIsClient: false, out var id))
                {
                    return false;
                }

                if (!id.Matches(expectedServer))
                {
                    Reject($"the server is {id}, not {expectedServer}", id, peerIsClient: false);
                    return false;
                }

                return true;
            },
        };
    }

    private PreparedPolicy Prepare(bool peerIsClient)
    {
        var trust = _trust;
        return new PreparedPolicy(trust, trust.CreatePolicy(peerIsClient, _timeProvider.GetUtcNow().UtcDateTime));
    }

    private bool ValidatePeer(X509Certificate certificate, X509Chain? chain, SslPolicyErrors errors, PreparedPolicy? prepared, bool peerIsClient, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        var leaf = certificate as X509Certificate2;
        using var loaded = leaf is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        leaf ??= loaded!;
        if (!TryGetPeerSpiffeId(leaf, out var peerId))
        {
            Reject($"the certificate (subject \"{leaf.Subject}\") has no SPIFFE URI SAN", null, peerIsClient);
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
        {
            Reject(string.Create(CultureInfo.InvariantCulture, $"certificate of {peerId} expired at {notAfter:O} (now {now:O})"), peerId, peerIsClient);
            return false;
        }

        if (now < notBefore)
        {
            Reject(string.Create(CultureInfo.InvariantCulture, $"certificate of {peerId} is not valid before {notBefore:O} (now {now:O})"), peerId, peerIsClient);
            return false;
        }

        var trust = _trust;
        if (chain is not null && prepared is not null && prepared.IsBuildOf(chain, trust, now.UtcDateTime))
        {
            // SslStream built this chain with our policy (the mesh anchors at this time): its verdict is ours. Accepted
            // only when SslStream and the chain both report no error and the chain ends at one of our anchors.
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 || chain.ChainStatus.Length != 0 || !prepared.EndsAtAnchor(chain))
            {
                RejectChain(peerId, chain.ChainStatus, peerIsClient);
                return false;
            }

            id = peerId;
            return true;
        }

        Interlocked.Increment(ref _ownChainBuilds);
        using var own = new X509Chain { ChainPolicy = trust.CreatePolicy(peerIsClient, now.UtcDateTime) };
        if (chain is not null)
        {
            own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        if (!own.Build(leaf))
        {
            RejectChain(peerId, own.ChainStatus, peerIsClient);
            return false;
        }

        id = peerId;
        return true;
    }

    private void RejectChain(SpiffeId peerId, X509ChainStatus[] statuses, bool peerIsClient)
    {
        var text = new StringBuilder();
        foreach (var status in statuses)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{status.Status} ({status.StatusInformation.Trim()})");
        }

        Reject($"the certificate of {peerId} does not chain to a mesh trust anchor: {text}", peerId, peerIsClient);
    }

    /// <summary>The chain policy one handshake's options carry, and the trust bundle version it was made from.</summary>
    private sealed class PreparedPolicy(TrustChainPolicies trust, X509ChainPolicy policy)
    {
        public X509ChainPolicy Policy { get; } = policy;

        /// <summary>
        /// Whether <paramref name="chain"/> was built with this policy (<c>SslStream</c> builds with a clone of the
        /// options' policy, so compared by value: custom trust over the very anchor instances of this bundle, still the
        /// current one, the same purpose and verification time) and built, at a time close enough to <paramref name="now"/>
        /// (options reused for a later connection are validated again).
        /// </summary>
        public bool IsBuildOf(X509Chain chain, TrustChainPolicies current, DateTime now)
        {
            var used = chain.ChainPolicy;
            if (!ReferenceEquals(trust, current)
                || (now - Policy.VerificationTime).Duration() > PreparedTimeTolerance
                || used.TrustMode != X509ChainTrustMode.CustomRootTrust
                || used.VerificationTime != Policy.VerificationTime
                || used.VerificationTimeIgnored
                || used.VerificationFlags != X509VerificationFlags.NoFlag
                || used.ApplicationPolicy.Count != Policy.ApplicationPolicy.Count
                || used.ApplicationPolicy[0].Value != Policy.ApplicationPolicy[0].Value
                || used.CustomTrustStore.Count != Policy.CustomTrustStore.Count)
            {
                return false;
            }

            for (var i = 0; i < used.CustomTrustStore.Count; i++)
            {
                if (!ReferenceEquals(used.CustomTrustStore[i], Policy.CustomTrustStore[i]))
                {
                    return false;
                }
            }

            // Not built (no elements): let the caller build it.
            return chain.ChainElements.Count > 0;
        }

        /// <summary>Whether the built chain ends at one of the anchors the policy trusts.</summary>
        public bool EndsAtAnchor(X509Chain chain)
        {
            var elements = chain.ChainElements;
            var root = elements[^1].Certificate.RawDataMemory.Span;
            foreach (var anchor in Policy.CustomTrustStore)
            {
                if (root.SequenceEqual(anchor.RawDataMemory.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
