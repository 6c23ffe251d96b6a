using System.Text.Json.Serialization;

namespace Mesh.Vault;

/// <summary>An answer carrying an <c>auth</c> block.</summary>
internal sealed class VaultAuthEnvelope
{
    public VaultAuth? Auth { get; init; }
}

/// <summary>An answer carrying PKI <c>data</c>.</summary>
internal sealed class VaultPkiEnvelope
{
    public PkiCertificate? Data { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>An answer carrying token lookup <c>data</c>.</summary>
internal sealed class VaultLookupEnvelope
{
    public VaultTokenInfo? Data { get; init; }
}

/// <summary>Vault's error body.</summary>
internal sealed class VaultErrorBody
{
    public IReadOnlyList<string>? Errors { get; init; }
}

/// <summary>The body of an AppRole login.</summary>
internal sealed record AppRoleLoginBody(string RoleId, string SecretId);

/// <summary>The body of a JWT login.</summary>
internal sealed record JwtLoginBody(string Role, string Jwt);

/// <summary>The body of renew-self.</summary>
internal sealed record RenewSelfBody([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Increment);

/// <summary>The body of a PKI sign or issue call (lists are comma-separated, as Vault accepts them).</summary>
internal sealed class PkiWireRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Csr { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommonName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AltNames { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UriSans { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IpSans { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ttl { get; init; }

    public string Format { get; init; } = "pem";
}

/// <summary>Source-generated serialisation for the Vault API (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VaultAuthEnvelope))]
[JsonSerializable(typeof(VaultPkiEnvelope))]
[JsonSerializable(typeof(VaultLookupEnvelope))]
[JsonSerializable(typeof(VaultErrorBody))]
[JsonSerializable(typeof(AppRoleLoginBody))]
[JsonSerializable(typeof(JwtLoginBody))]
[JsonSerializable(typeof(RenewSelfBody))]
[JsonSerializable(typeof(PkiWireRequest))]
internal sealed partial class VaultJsonContext : JsonSerializerContext;
