namespace Mesh.TestDoubles.Vault;

/// <summary>A token the double issued.</summary>
internal sealed class VaultDoubleToken
{
    public required string Id { get; init; }

    public required string Accessor { get; init; }

    public required IReadOnlyList<string> Policies { get; init; }

    public required string DisplayName { get; init; }

    public required DateTimeOffset IssueTime { get; init; }

    /// <summary>The TTL it was created with (zero: never expires).</summary>
    public required TimeSpan CreationTtl { get; init; }

    /// <summary>The hard limit (issue time + max TTL), or null for root.</summary>
    public DateTimeOffset? MaxExpireTime { get; init; }

    public bool Renewable { get; init; }

    /// <summary>When it expires, or null for tokens that never do.</summary>
    public DateTimeOffset? ExpireTime { get; set; }

    public bool Revoked { get; set; }
}
