namespace Mesh.Rules.Model;

/// <summary>A service port (<c>port</c> block).</summary>
public sealed record ServicePort
{
    /// <summary>The port number.</summary>
    public int? Number { get; init; }

    /// <summary>The protocol.</summary>
    public Protocol? Protocol { get; init; }

    /// <summary>The port name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The endpoints' port, when different.</summary>
    public int? TargetPort { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
