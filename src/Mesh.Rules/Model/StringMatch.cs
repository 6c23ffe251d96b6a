namespace Mesh.Rules.Model;

/// <summary>A string comparison: exact, prefix or regular expression, written as <c>{ prefix = "/a" }</c>.</summary>
public sealed record StringMatch
{
    /// <summary>How the value is compared.</summary>
    public StringMatchKind MatchKind { get; init; }

    /// <summary>The value to compare with.</summary>
    public string Value { get; init; } = "";

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
