namespace Mesh.Rules.Model;

/// <summary>Changes to a set of headers.</summary>
public sealed record HeaderOperation
{
    /// <summary>Headers to overwrite.</summary>
    public ValueDictionary<string> Set { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>Headers to append.</summary>
    public ValueDictionary<string> Add { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>Headers to remove.</summary>
    public ValueList<string> Remove { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
