namespace Mesh.Rules.Model;

/// <summary>A gateway: which gateway-mode agents serve which hosts on which ports.</summary>
public sealed record Gateway : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.Gateway;

    /// <summary>Labels of the gateway agents that serve it.</summary>
    public ValueDictionary<string> Selector { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>The servers (<c>server</c> blocks).</summary>
    public ValueList<GatewayServer> Servers { get; init; } = ValueList<GatewayServer>.Empty;
}
