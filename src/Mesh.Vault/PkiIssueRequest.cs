namespace Mesh.Vault;

/// <summary>The fields of <c>POST /v1/&lt;mount&gt;/issue/&lt;role&gt;</c>: Vault creates the key.</summary>
public class PkiIssueRequest
{
    /// <summary>The requested common name (optional when the role sets <c>require_cn = false</c>).</summary>
    public string? CommonName { get; init; }

    /// <summary>DNS or email subject alternative names.</summary>
    public IReadOnlyList<string> AltNames { get; init; } = [];

    /// <summary>URI subject alternative names, for example a SPIFFE id (must match the role's <c>allowed_uri_sans</c>).</summary>
    public IReadOnlyList<string> UriSans { get; init; } = [];

    /// <summary>IP subject alternative names.</summary>
    public IReadOnlyList<string> IpSans { get; init; } = [];

    /// <summary>The requested lifetime; Vault caps it at the role's <c>max_ttl</c>. Null: the role's default.</summary>
    public TimeSpan? Ttl { get; init; }
}
