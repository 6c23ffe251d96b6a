using System.Formats.Asn1;

namespace Mesh.TestDoubles.Vault;

/// <summary>Reads the URI names (GeneralName [6]) of a SubjectAlternativeName extension.</summary>
internal static class SanUris
{
    public static List<string> Read(byte[] extensionValue)
    {
        var uris = new List<string>();
        var names = new AsnReader(extensionValue, AsnEncodingRules.DER).ReadSequence();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            if (names.PeekTag().HasSameClassAndValue(uriTag))
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }
}
