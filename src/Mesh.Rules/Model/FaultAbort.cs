namespace Mesh.Rules.Model;

/// <summary>Injected abort (<c>abort</c> block).</summary>
public sealed record FaultAbort
{
    /// <summary>The HTTP status returned.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The gRPC status returned.</summary>
    public string? GrpcStatus { get; init; }

    /// <summary>The share of requests aborted, 0 to 100.</summary>
    public double? Percentage { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
