namespace Mesh.Rules.Model;

/// <summary>Traffic shares for callers in one locality (<c>distribute</c> block).</summary>
public sealed record LocalityDistribute
{
    /// <summary>The calling locality (<c>region/zone/subzone</c>, wildcards allowed).</summary>
    public string From { get; init; } = "";

    /// <summary>Destination localities and their shares (summing to 100).</summary>
    public ValueDictionary<int> To { get; init; } = ValueDictionary<int>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
