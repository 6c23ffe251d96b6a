namespace Mesh.Rules.Model;

/// <summary>Maglev settings (<c>maglev</c> block).</summary>
public sealed record Maglev
{
    /// <summary>The lookup table size (a prime).</summary>
    public long? TableSize { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
