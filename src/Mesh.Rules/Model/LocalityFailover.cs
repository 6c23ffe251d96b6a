namespace Mesh.Rules.Model;

/// <summary>A failover pair (<c>failover</c> block).</summary>
public sealed record LocalityFailover
{
    /// <summary>The region that fails.</summary>
    public string From { get; init; } = "";

    /// <summary>The region that takes over.</summary>
    public string To { get; init; } = "";

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
