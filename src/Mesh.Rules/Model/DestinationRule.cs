namespace Mesh.Rules.Model;

/// <summary>Policies applied to traffic for a host after routing.</summary>
public sealed record DestinationRule : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.DestinationRule;

    /// <summary>The host the rule applies to.</summary>
    public string Host { get; init; } = "";

    /// <summary>The default traffic policy.</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }

    /// <summary>Named subsets of the host's instances.</summary>
    public ValueList<Subset> Subsets { get; init; } = ValueList<Subset>.Empty;

    /// <summary>Where the rule is visible.</summary>
    public ValueList<string> ExportTo { get; init; } = ValueList<string>.Empty;
}
