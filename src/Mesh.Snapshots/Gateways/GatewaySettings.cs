namespace Mesh.Snapshots.Gateways;

/// <summary>The listener side of a gateway snapshot: which gateway agents serve it and on which servers.</summary>
public sealed record GatewaySettings
{
    /// <summary>The gateway resource's name.</summary>
    public required string Name { get; init; }

    /// <summary>Labels selecting the gateway-mode agents that serve this gateway.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();

    /// <summary>The servers (listeners), in the order the rule declares them.</summary>
    public IReadOnlyList<GatewayServer> Servers { get; init; } = [];
}
