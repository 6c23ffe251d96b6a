namespace Mesh.Rules.Model;

/// <summary>A named group of a service's instances (<c>subset "name"</c> block).</summary>
public sealed record Subset
{
    /// <summary>The subset name (the block label).</summary>
    public string Name { get; init; } = "";

    /// <summary>The instance labels that select the subset.</summary>
    public ValueDictionary<string> Labels { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>A traffic policy overriding the rule's.</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
