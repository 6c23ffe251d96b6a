namespace Mesh.Rules.Model;

/// <summary>Traffic mirroring (<c>mirror</c> block).</summary>
public sealed record HttpMirror
{
    /// <summary>The mirror host.</summary>
    public string Destination { get; init; } = "";

    /// <summary>The mirror subset.</summary>
    public string? Subset { get; init; }

    /// <summary>The mirror port.</summary>
    public int? Port { get; init; }

    /// <summary>The share of requests mirrored, 0 to 100 (100 when omitted).</summary>
    public double? Percentage { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
