namespace Mesh.Rules.Model;

/// <summary>An extra condition (<c>when</c> block).</summary>
public sealed record RuleCondition
{
    /// <summary>The attribute, such as <c>request.headers[x-tenant]</c>.</summary>
    public string Key { get; init; } = "";

    /// <summary>Values, any of which matches.</summary>
    public ValueList<string> Values { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded values.</summary>
    public ValueList<string> NotValues { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
