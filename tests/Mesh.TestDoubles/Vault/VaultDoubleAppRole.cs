namespace Mesh.TestDoubles.Vault;

/// <summary>An AppRole role: a role_id/secret_id pair and the tokens it hands out.</summary>
public sealed class VaultDoubleAppRole
{
    /// <summary>The role_id.</summary>
    public required string RoleId { get; init; }

    /// <summary>The secret_id.</summary>
    public required string SecretId { get; init; }

    /// <summary>The policies of its tokens (<c>default</c> is always added, as Vault does).</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>The tokens' TTL (<c>token_ttl</c>, default 1 h).</summary>
    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The tokens' max TTL (<c>token_max_ttl</c>); zero means the system max.</summary>
    public TimeSpan TokenMaxTtl { get; init; }

    /// <summary>Whether its tokens can be renewed (a periodic or batch token would not be).</summary>
    public bool Renewable { get; init; } = true;
}
