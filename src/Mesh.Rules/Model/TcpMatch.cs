namespace Mesh.Rules.Model;

/// <summary>Conditions of a TCP route (<c>match</c> block).</summary>
public sealed record TcpMatch
{
    /// <summary>Destination addresses in CIDR form.</summary>
    public ValueList<string> DestinationSubnets { get; init; } = ValueList<string>.Empty;

    /// <summary>The destination port.</summary>
    public int? Port { get; init; }

    /// <summary>Labels of the calling workload.</summary>
    public ValueDictionary<string> SourceLabels { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>Gateways the match is limited to.</summary>
    public ValueList<string> Gateways { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
