namespace Mesh.Rules.Model;

/// <summary>A weighted destination of an HTTP route (<c>route</c> block).</summary>
public sealed record HttpRouteDestination
{
    /// <summary>The destination host.</summary>
    public string Destination { get; init; } = "";

    /// <summary>The destination subset.</summary>
    public string? Subset { get; init; }

    /// <summary>The destination port.</summary>
    public int? Port { get; init; }

    /// <summary>The share of traffic, 0 to 100.</summary>
    public int? Weight { get; init; }

    /// <summary>Header manipulation for this destination.</summary>
    public HeaderOperations? Headers { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
