using System.Text.Json.Serialization;

namespace Mesh.Vault;

/// <summary>The <c>data</c> block of <c>GET /v1/auth/token/lookup-self</c> (the token id itself is left out).</summary>
public sealed class VaultTokenInfo
{
    /// <summary>The token's accessor.</summary>
    public string Accessor { get; init; } = "";

    /// <summary>The token's policies.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>The time left before it expires (zero: never).</summary>
    [JsonConverter(typeof(SecondsTimeSpanConverter))]
    public TimeSpan Ttl { get; init; }

    /// <summary>The TTL it was created with.</summary>
    [JsonConverter(typeof(SecondsTimeSpanConverter))]
    public TimeSpan CreationTtl { get; init; }

    /// <summary>Whether renew-self can extend it.</summary>
    public bool Renewable { get; init; }

    /// <summary>The display name (for example <c>approle</c> or <c>root</c>).</summary>
    public string? DisplayName { get; init; }

    /// <summary>When it expires (RFC 3339), or null for tokens that never expire.</summary>
    public string? ExpireTime { get; init; }
}
