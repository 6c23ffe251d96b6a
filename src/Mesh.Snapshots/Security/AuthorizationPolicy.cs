namespace Mesh.Snapshots.Security;

/// <summary>One authorization policy as it applies to a workload.</summary>
public sealed record AuthorizationPolicy
{
    /// <summary>The policy's name, for audit lines and status.</summary>
    public required string Name { get; init; }

    /// <summary>What the policy does with matching requests.</summary>
    public AuthorizationAction Action { get; init; } = AuthorizationAction.Allow;

    /// <summary>
    /// The rules; a request matches the policy when it matches any rule. No rules matches nothing, so an
    /// allow policy without rules denies everything (Istio's "allow nothing").
    /// </summary>
    public IReadOnlyList<AuthorizationRule> Rules { get; init; } = [];
}
