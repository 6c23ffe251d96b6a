namespace Mesh.Consul.Agent;

/// <summary>What <c>GET /v1/agent/self</c> says about the local agent.</summary>
public sealed class AgentSelf
{
    /// <summary>The node name.</summary>
    public string NodeName { get; init; } = string.Empty;

    /// <summary>The node id.</summary>
    public string NodeID { get; init; } = string.Empty;

    /// <summary>The agent's datacenter.</summary>
    public string Datacenter { get; init; } = string.Empty;

    /// <summary>The Consul version.</summary>
    public string Version { get; init; } = string.Empty;
}
