using System.Text.Json.Serialization;

namespace Mesh.Vault;

/// <summary>The <c>data</c> block of a PKI sign or issue answer. <see cref="ToString"/> never shows the private key.</summary>
public sealed class PkiCertificate
{
    /// <summary>The issued certificate (PEM).</summary>
    public string Certificate { get; init; } = "";

    /// <summary>The certificate of the issuer that signed it (PEM).</summary>
    public string IssuingCa { get; init; } = "";

    /// <summary>The issuer's chain (PEM each), issuer first.</summary>
    public IReadOnlyList<string> CaChain { get; init; } = [];

    /// <summary>The serial number, colon-separated hex.</summary>
    public string SerialNumber { get; init; } = "";

    /// <summary>When the certificate expires.</summary>
    [JsonConverter(typeof(UnixSecondsConverter))]
    public DateTimeOffset Expiration { get; init; }

    /// <summary>The private key (PEM) when Vault created it (issue); null for sign.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>The private key's type (<c>rsa</c>, <c>ec</c>, <c>ed25519</c>) when Vault created it.</summary>
    public string? PrivateKeyType { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"PkiCertificate {{ SerialNumber = {SerialNumber}, Expiration = {Expiration:O}, PrivateKeyType = {PrivateKeyType} }}";
}
