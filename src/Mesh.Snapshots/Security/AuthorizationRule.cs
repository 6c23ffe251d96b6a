namespace Mesh.Snapshots.Security;

/// <summary>
/// One rule: a request matches when it matches any of <see cref="From"/> (or the list is empty), any of
/// <see cref="To"/> (or empty) and all of <see cref="When"/>.
/// </summary>
public sealed record AuthorizationRule
{
    /// <summary>Who the request comes from.</summary>
    public IReadOnlyList<AuthorizationSource> From { get; init; } = [];

    /// <summary>What the request does.</summary>
    public IReadOnlyList<AuthorizationOperation> To { get; init; } = [];

    /// <summary>Further conditions on request attributes.</summary>
    public IReadOnlyList<AuthorizationCondition> When { get; init; } = [];
}
