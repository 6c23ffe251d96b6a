namespace Mesh.Snapshots.Routing;

/// <summary>A regular expression and its replacement (<c>$1</c>-style group references, Istio's <c>\1</c> also accepted).</summary>
public sealed record RegexRewrite
{
    /// <summary>The pattern.</summary>
    public required string Match { get; init; }

    /// <summary>The replacement.</summary>
    public required string Rewrite { get; init; }
}
