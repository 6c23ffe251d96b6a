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

    /// <summary>
    /// The panic threshold (Envoy's <c>healthy_panic_threshold</c>, default 0 = never): when fewer than this percentage of
    /// a priority's endpoints are available and the other priorities cannot take its share, the load balancer picks
    /// among all of its endpoints, ejected ones included. Ejection itself ignores it.
    /// </summary>
    public int MinHealthPercent { get; init; }
}
