namespace Mesh.Rules.Model;

/// <summary>Routing for a set of hosts.</summary>
public sealed record VirtualService : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.VirtualService;

    /// <summary>The hosts the routes apply to.</summary>
    public ValueList<string> Hosts { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the routes apply: <c>mesh</c> (all sidecars) or gateway names; empty means <c>mesh</c>.</summary>
    public ValueList<string> Gateways { get; init; } = ValueList<string>.Empty;

    /// <summary>HTTP routes, first match wins.</summary>
    public ValueList<HttpRoute> Http { get; init; } = ValueList<HttpRoute>.Empty;

    /// <summary>TCP routes, first match wins.</summary>
    public ValueList<TcpRoute> Tcp { get; init; } = ValueList<TcpRoute>.Empty;

    /// <summary>Where the service is visible.</summary>
    public ValueList<string> ExportTo { get; init; } = ValueList<string>.Empty;
}
