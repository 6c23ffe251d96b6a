namespace Mesh.Snapshots.Routing;

/// <summary>Copy a share of the requests to another destination, ignoring its responses.</summary>
public sealed record MirrorPolicy
{
    /// <summary>Where copies go.</summary>
    public required RouteDestination Destination { get; init; }

    /// <summary>Share of requests mirrored, 0 to 100 (Istio's default is 100).</summary>
    public double Percentage { get; init; } = 100;
}
