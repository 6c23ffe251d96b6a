namespace Mesh.Rules.Model;

/// <summary>Injected delay (<c>delay</c> block).</summary>
public sealed record FaultDelay
{
    /// <summary>The delay.</summary>
    public TimeSpan? Fixed { get; init; }

    /// <summary>The share of requests delayed, 0 to 100.</summary>
    public double? Percentage { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
