using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Observability;

/// <summary>Reads the caller's identity from the TLS connection: the SPIFFE URI SAN of its client certificate.</summary>
internal static class PeerIdentity
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag s_uriTag = new(TagClass.ContextSpecific, 6);

    // A connection presents one certificate for all its requests: its SAN is read once, not per request (about 0.9 µs
    // per request with the ASN.1 decoding, bench/results/2026-12-05-mtls-peer.md). The table lets go of a certificate
    // with its connection.
    private static readonly ConditionalWeakTable<X509Certificate2, Principal> s_principals = [];

    /// <summary>The caller's first URI SAN (its SPIFFE id), or null when it presented no certificate.</summary>
    public static string? GetPrincipal(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate
            ? s_principals.GetValue(certificate, static c => new Principal(GetUriSan(c))).UriSan
            : null;

    /// <summary><c>mutual_tls</c> when the caller presented a certificate over TLS, <c>none</c> otherwise.</summary>
    public static string GetSecurityPolicy(HttpContext context) =>
        context.Connection.ClientCertificate is not null && context.Features.Get<ITlsHandshakeFeature>() is not null ? "mutual_tls" : "none";

    /// <summary>The first URI in the certificate's subject alternative names.</summary>
    public static string? GetUriSan(X509Certificate2 certificate)
    {
        if (certificate.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return null;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(s_uriTag))
                {
                    return names.ReadCharacterString(UniversalTagNumber.IA5String, s_uriTag);
                }

                names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            return null;
        }

        return null;
    }

    private sealed record Principal(string? UriSan);
}
