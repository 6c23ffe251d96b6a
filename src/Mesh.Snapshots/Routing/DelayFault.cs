namespace Mesh.Snapshots.Routing;

/// <summary>Delay a share of the requests by a fixed time.</summary>
public sealed record DelayFault
{
    /// <summary>The delay.</summary>
    public TimeSpan Fixed { get; init; }

    /// <summary>Share of requests, 0 to 100 (fractions allowed).</summary>
    public double Percentage { get; init; } = 100;
}
