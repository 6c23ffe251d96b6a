using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>
/// Builds the TLS options of mesh connections: the workload's certificate comes from a callback (so a rotated
/// certificate is used by the next handshake without a restart), peers are validated against the mesh trust
/// anchors only (<see cref="X509ChainTrustMode.CustomRootTrust"/>) and identified by the SPIFFE id in their URI SAN,
/// never by host name.
/// </summary>
public sealed class MeshTls
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly Func<WorkloadCertificate> _current;
    private readonly TimeProvider _timeProvider;
    private volatile IReadOnlyList<X509Certificate2> _trustAnchors;

    /// <summary>Creates the TLS settings of a workload whose certificate <paramref name="rotator"/> keeps fresh.</summary>
    public MeshTls(CertificateRotator rotator, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider)
        : this(() => rotator.Current, trustAnchors, timeProvider)
    {
    }

    /// <summary>Creates the TLS settings from a callback that returns the current certificate.</summary>
    public MeshTls(Func<WorkloadCertificate> currentCertificate, IReadOnlyList<X509Certificate2> trustAnchors, TimeProvider timeProvider)
    {
        _current = currentCertificate ?? throw new ArgumentNullException(nameof(currentCertificate));
        _trustAnchors = trustAnchors ?? throw new ArgumentNullException(nameof(trustAnchors));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The roots (and intermediates) peers must chain to; replace it when the CA rotates.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors
    {
        get => _trustAnchors;
        set => _trustAnchors = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Server options. With <paramref name="requireClientCertificate"/> (peer authentication <c>strict</c>) a client
    /// without a valid mesh certificate is refused; otherwise (<c>permissive</c>) a client may present none, but one it
    /// presents must still be valid. <paramref name="authorizeClient"/>, when given, may refuse a valid id.
    /// </summary>
    public SslServerAuthenticationOptions CreateServerOptions(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient = null) => new()
    {
        ServerCertificateSelectionCallback = (_, _) => _current().Certificate,
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (certificate is null)
            {
                return !requireClientCertificate;
            }

            return ValidatePeer(certificate, chain, ClientAuth, out var id) && (authorizeClient is null || authorizeClient(id));
        },
    };

    /// <summary>
    /// Client options that accept only a server whose SPIFFE id matches <paramref name="expectedServer"/>
    /// (a full id or a pattern as in <see cref="SpiffeId.Matches"/>). <paramref name="targetHost"/> is sent as SNI only.
    /// </summary>
    public SslClientAuthenticationOptions CreateClientOptions(string expectedServer, string? targetHost = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedServer);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost ?? string.Empty,
            ClientCertificateContext = CurrentContext(),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                certificate is not null && ValidatePeer(certificate, chain, ServerAuth, out var id) && id.Matches(expectedServer),
        };
    }

    /// <summary>
    /// A per-connection callback for <c>SslStream.AuthenticateAsServerAsync(ServerOptionsSelectionCallback, ...)</c>:
    /// like <see cref="CreateServerOptions"/>, but sends the current leaf together with its intermediates.
    /// </summary>
    public ServerOptionsSelectionCallback CreateServerOptionsSelector(bool requireClientCertificate, Func<SpiffeId, bool>? authorizeClient = null) =>
        (_, _, _, _) =>
        {
            var options = CreateServerOptions(requireClientCertificate, authorizeClient);
            options.ServerCertificateSelectionCallback = null;
            options.ServerCertificateContext = CurrentContext();
            return ValueTask.FromResult(options);
        };

    /// <summary>Client options that accept only a server with exactly <paramref name="expectedServer"/>.</summary>
    public SslClientAuthenticationOptions CreateClientOptions(SpiffeId expectedServer, string? targetHost = null) =>
        CreateClientOptions(expectedServer.ToString(), targetHost);

    /// <summary>The SPIFFE id the peer of an authenticated stream presented, or null.</summary>
    public static SpiffeId? GetPeerSpiffeId(SslStream stream) =>
        stream?.RemoteCertificate is { } certificate && TryGetPeerSpiffeId(certificate, out var id) ? id : null;

    /// <summary>Reads the mesh SPIFFE id from the certificate's URI SAN.</summary>
    public static bool TryGetPeerSpiffeId(X509Certificate? certificate, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (certificate is null)
        {
            return false;
        }

        var owned = certificate as X509Certificate2;
        using var disposable = owned is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var certificate2 = owned ?? disposable!;
        foreach (var extension in certificate2.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            foreach (var uri in ReadUriSans(extension.RawData))
            {
                if (SpiffeId.TryParse(uri, out id))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The URI names (GeneralName [6]) of a SubjectAlternativeName extension value.</summary>
    internal static List<string> ReadUriSans(byte[] extensionValue)
    {
        var uris = new List<string>();
        try
        {
            var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(uriTag) && !tag.IsConstructed)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return uris;
    }

    private SslStreamCertificateContext CurrentContext()
    {
        var current = _current();
        return SslStreamCertificateContext.Create(current.Certificate, new X509Certificate2Collection(current.Chain.ToArray()), offline: true);
    }

    private bool ValidatePeer(X509Certificate certificate, X509Chain? presented, Oid purpose, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (!TryGetPeerSpiffeId(leaf, out var peerId))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(purpose);
        foreach (var anchor in _trustAnchors)
        {
            // Intermediates (from a Vault ca_chain) are trusted as anchors too, and offered for path building.
            chain.ChainPolicy.CustomTrustStore.Add(anchor);
            if (!anchor.SubjectName.RawData.AsSpan().SequenceEqual(anchor.IssuerName.RawData))
            {
                chain.ChainPolicy.ExtraStore.Add(anchor);
            }
        }

        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        if (!chain.Build(leaf))
        {
            return false;
        }

        id = peerId;
        return true;
    }
}
