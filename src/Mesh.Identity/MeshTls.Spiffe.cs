using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Identity;

/// <summary>Reading the SPIFFE id of a peer's certificate.</summary>
public sealed partial class MeshTls
{
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

            if (TryReadSpiffeSan(extension.RawData, out id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first URI name (GeneralName [6]) of a well-formed SubjectAlternativeName extension value that is a SPIFFE id.</summary>
    private static bool TryReadSpiffeSan(byte[] extensionValue, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
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
                    // Read on after the first id: a malformed extension yields no id at all.
                    var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag);
                    if (id is null && SpiffeId.TryParse(uri, out var parsed))
                    {
                        id = parsed;
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            id = null;
        }

        return id is not null;
    }
}
