namespace Mesh.Consul.Agent;

/// <summary>A service instance as the agent and the health endpoint describe it.</summary>
public sealed class AgentService
{
    /// <summary>The instance id.</summary>
    public string ID { get; init; } = string.Empty;

    /// <summary>The service name.</summary>
    public string Service { get; init; } = string.Empty;

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The address; empty means the node's address.</summary>
    public string Address { get; init; } = string.Empty;

    /// <summary>The port.</summary>
    public int Port { get; init; }

    /// <summary>Metadata.</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>Load-balancing weights; null when Consul sent none (every weight is then 1).</summary>
    public AgentWeights? Weights { get; init; }
}
