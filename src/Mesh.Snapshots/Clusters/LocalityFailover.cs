namespace Mesh.Snapshots.Clusters;

/// <summary>Fail over from one region to another.</summary>
public sealed record LocalityFailover
{
    /// <summary>Source region.</summary>
    public required string From { get; init; }

    /// <summary>Region to use when <see cref="From"/> has no healthy endpoints.</summary>
    public required string To { get; init; }
}
