namespace Mesh.Consul.Health;

/// <summary>The node part of a health entry.</summary>
public sealed class ConsulNode
{
    /// <summary>The node id.</summary>
    public string ID { get; init; } = string.Empty;

    /// <summary>The node name.</summary>
    public string Node { get; init; } = string.Empty;

    /// <summary>The node address.</summary>
    public string Address { get; init; } = string.Empty;

    /// <summary>The node's datacenter.</summary>
    public string Datacenter { get; init; } = string.Empty;

    /// <summary>Node metadata.</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }
}
