namespace Mesh.Rules.Model;

/// <summary>A weighted destination of a TCP route (<c>route</c> block).</summary>
public sealed record RouteDestination
{
    /// <summary>The destination host.</summary>
    public string Destination { get; init; } = "";

    /// <summary>The destination subset.</summary>
    public string? Subset { get; init; }

    /// <summary>The destination port.</summary>
    public int? Port { get; init; }

    /// <summary>The share of connections, 0 to 100.</summary>
    public int? Weight { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
