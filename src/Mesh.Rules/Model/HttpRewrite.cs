namespace Mesh.Rules.Model;

/// <summary>Rewriting of the request before forwarding (<c>rewrite</c> block).</summary>
public sealed record HttpRewrite
{
    /// <summary>The replacement for the matched path prefix.</summary>
    public string? Uri { get; init; }

    /// <summary>The replacement authority.</summary>
    public string? Authority { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
