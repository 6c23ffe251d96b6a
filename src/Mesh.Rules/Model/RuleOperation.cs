namespace Mesh.Rules.Model;

/// <summary>What a request does (<c>to</c> block).</summary>
public sealed record RuleOperation
{
    /// <summary>Hosts.</summary>
    public ValueList<string> Hosts { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded hosts.</summary>
    public ValueList<string> NotHosts { get; init; } = ValueList<string>.Empty;

    /// <summary>Ports.</summary>
    public ValueList<string> Ports { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded ports.</summary>
    public ValueList<string> NotPorts { get; init; } = ValueList<string>.Empty;

    /// <summary>Methods.</summary>
    public ValueList<string> Methods { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded methods.</summary>
    public ValueList<string> NotMethods { get; init; } = ValueList<string>.Empty;

    /// <summary>Paths.</summary>
    public ValueList<string> Paths { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded paths.</summary>
    public ValueList<string> NotPaths { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
