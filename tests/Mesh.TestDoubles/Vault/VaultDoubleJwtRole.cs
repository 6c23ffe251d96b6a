namespace Mesh.TestDoubles.Vault;

/// <summary>A JWT auth role that accepts one exact JWT (the double does not verify signatures).</summary>
public sealed class VaultDoubleJwtRole
{
    /// <summary>The auth mount (default <c>jwt</c>; Nomad workload identities often use <c>jwt-nomad</c>).</summary>
    public string Mount { get; init; } = "jwt";

    /// <summary>The role name.</summary>
    public required string Role { get; init; }

    /// <summary>The JWT it accepts.</summary>
    public required string Jwt { get; init; }

    /// <summary>The policies of its tokens.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>The tokens' TTL (default 1 h).</summary>
    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(1);
}
