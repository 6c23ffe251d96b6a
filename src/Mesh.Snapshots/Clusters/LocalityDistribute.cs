namespace Mesh.Snapshots.Clusters;

/// <summary>Shares of traffic from a source locality to destination localities.</summary>
public sealed record LocalityDistribute
{
    /// <summary>Source locality pattern (<c>us-west/zone1/*</c>).</summary>
    public required string From { get; init; }

    /// <summary>Destination locality pattern to weight (percent, summing to 100).</summary>
    public IReadOnlyDictionary<string, int> To { get; init; } = new Dictionary<string, int>();
}
