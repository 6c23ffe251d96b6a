namespace Mesh.Consul.Agent;

/// <summary>The part of <c>/v1/agent/self</c> we read: <c>{"Config": {...}}</c>.</summary>
internal sealed class AgentSelfWire
{
    public AgentSelf? Config { get; init; }
}
