namespace Mesh.Rules.Model;

/// <summary>Ejection of failing instances (<c>outlier_detection</c> block).</summary>
public sealed record OutlierDetection
{
    /// <summary>5xx responses before ejection.</summary>
    public int? Consecutive5xxErrors { get; init; }

    /// <summary>502/503/504 responses before ejection.</summary>
    public int? ConsecutiveGatewayErrors { get; init; }

    /// <summary>Local failures before ejection.</summary>
    public int? ConsecutiveLocalOriginFailures { get; init; }

    /// <summary>Whether local failures count separately.</summary>
    public bool? SplitExternalLocalOriginErrors { get; init; }

    /// <summary>The analysis interval.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The minimum ejection time.</summary>
    public TimeSpan? BaseEjectionTime { get; init; }

    /// <summary>The largest share of instances ejected, 0 to 100.</summary>
    public double? MaxEjectionPercent { get; init; }

    /// <summary>Below this healthy share, ejection stops, 0 to 100.</summary>
    public double? MinHealthPercent { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
