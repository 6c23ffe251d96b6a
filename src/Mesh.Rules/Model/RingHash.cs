namespace Mesh.Rules.Model;

/// <summary>Ring hash settings (<c>ring_hash</c> block).</summary>
public sealed record RingHash
{
    /// <summary>The minimum ring size.</summary>
    public long? MinimumRingSize { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
