namespace Mesh.Rules.Model;

/// <summary>One authorization rule (<c>rule</c> block): all of from, to and when must match.</summary>
public sealed record AuthorizationRule
{
    /// <summary>Sources, any of which may match.</summary>
    public ValueList<RuleSource> From { get; init; } = ValueList<RuleSource>.Empty;

    /// <summary>Operations, any of which may match.</summary>
    public ValueList<RuleOperation> To { get; init; } = ValueList<RuleOperation>.Empty;

    /// <summary>Conditions, all of which must match.</summary>
    public ValueList<RuleCondition> When { get; init; } = ValueList<RuleCondition>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
