namespace Mesh.TestDoubles.Vault;

/// <summary>A PKI role: what names and lifetimes <c>sign/&lt;role&gt;</c> and <c>issue/&lt;role&gt;</c> allow.</summary>
public sealed class VaultDoublePkiRole
{
    /// <summary>The role name.</summary>
    public required string Name { get; init; }

    /// <summary>Globs the URI SANs must match (<c>allowed_uri_sans</c>, for example <c>spiffe://*</c>).</summary>
    public IReadOnlyList<string> AllowedUriSans { get; init; } = [];

    /// <summary>Any common name or DNS SAN is allowed (<c>allow_any_name</c>).</summary>
    public bool AllowAnyName { get; init; }

    /// <summary>Domains names may equal (<c>allowed_domains</c>).</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];

    /// <summary>Names may be subdomains of <see cref="AllowedDomains"/> (<c>allow_subdomains</c>).</summary>
    public bool AllowSubdomains { get; init; }

    /// <summary>A common name is required (<c>require_cn</c>, true by default as in Vault).</summary>
    public bool RequireCn { get; init; } = true;

    /// <summary>The default TTL (<c>ttl</c>); null: the mount's.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>The longest TTL (<c>max_ttl</c>); longer requests are truncated to it. Null: the mount's.</summary>
    public TimeSpan? MaxTtl { get; init; }

    /// <summary>The key type <c>issue</c> generates: <c>rsa</c> (Vault's default, 2048 bits) or <c>ec</c> (P-256).</summary>
    public string KeyType { get; init; } = "rsa";
}
