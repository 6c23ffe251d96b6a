namespace Mesh.Rules.Model;

/// <summary>A static endpoint (<c>endpoint</c> block).</summary>
public sealed record WorkloadEntry
{
    /// <summary>The address or host name.</summary>
    public string Address { get; init; } = "";

    /// <summary>Port numbers by port name.</summary>
    public ValueDictionary<int> Ports { get; init; } = ValueDictionary<int>.Empty;

    /// <summary>Labels, for subsets.</summary>
    public ValueDictionary<string> Labels { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>The network.</summary>
    public string? Network { get; init; }

    /// <summary>The locality (<c>region/zone/subzone</c>).</summary>
    public string? Locality { get; init; }

    /// <summary>The load balancing weight.</summary>
    public int? Weight { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
