namespace Mesh.Snapshots.Routing;

/// <summary>A <c>tcp</c> block of a virtual service.</summary>
public sealed record TcpRoute
{
    /// <summary>The route name.</summary>
    public string? Name { get; init; }

    /// <summary>Ports this route applies to; empty applies to every TCP port of the host.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>Weighted destinations.</summary>
    public IReadOnlyList<RouteDestination> Route { get; init; } = [];
}
