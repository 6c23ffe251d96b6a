namespace Mesh.Rules.Model;

/// <summary>Locality-aware load balancing (<c>locality</c> block).</summary>
public sealed record LocalityLbSetting
{
    /// <summary>Whether locality load balancing is on.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Explicit traffic shares by locality.</summary>
    public ValueList<LocalityDistribute> Distribute { get; init; } = ValueList<LocalityDistribute>.Empty;

    /// <summary>Where traffic goes when a region has no healthy instances.</summary>
    public ValueList<LocalityFailover> Failover { get; init; } = ValueList<LocalityFailover>.Empty;

    /// <summary>Labels ordering failover.</summary>
    public ValueList<string> FailoverPriority { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
