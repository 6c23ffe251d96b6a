namespace Mesh.Snapshots.Clusters;

/// <summary>Passive health checking: eject endpoints that keep failing.</summary>
public sealed record OutlierDetection
{
    /// <summary>Consecutive 5xx responses (and connect failures) that eject an endpoint; 0 disables (Istio's default 5).</summary>
    public int Consecutive5xxErrors { get; init; } = 5;

    /// <summary>Consecutive 502/503/504 and connect failures that eject an endpoint; 0 disables (the default).</summary>
    public int ConsecutiveGatewayErrors { get; init; }

    /// <summary>How often ejections are reviewed (default 10s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Minimum ejection time, multiplied by the number of times the endpoint was ejected (default 30s).</summary>
    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most endpoints that may be ejected at once, in percent (default 10; at least one is always allowed).</summary>
    public int MaxEjectionPercent { get; init; } = 10;

    /// <summary>Outlier detection stops ejecting once fewer than this percentage of endpoints are healthy (default 0).</summary>
    public int MinHealthPercent { get; init; }
}
