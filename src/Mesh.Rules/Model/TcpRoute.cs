namespace Mesh.Rules.Model;

/// <summary>A TCP route (<c>tcp "name"</c> block).</summary>
public sealed record TcpRoute
{
    /// <summary>The route name (the block label).</summary>
    public string Name { get; init; } = "";

    /// <summary>Match conditions; none means every connection.</summary>
    public ValueList<TcpMatch> Match { get; init; } = ValueList<TcpMatch>.Empty;

    /// <summary>Weighted destinations.</summary>
    public ValueList<RouteDestination> Route { get; init; } = ValueList<RouteDestination>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
