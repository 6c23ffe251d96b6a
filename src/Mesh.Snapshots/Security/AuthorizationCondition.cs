namespace Mesh.Snapshots.Security;

/// <summary>A condition on a request attribute, such as <c>request.headers[x-tenant]</c> or <c>source.ip</c>.</summary>
public sealed record AuthorizationCondition
{
    /// <summary>The attribute (Istio's condition keys).</summary>
    public required string Key { get; init; }

    /// <summary>Values that match (any of).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Values that must not match.</summary>
    public IReadOnlyList<string> NotValues { get; init; } = [];
}
