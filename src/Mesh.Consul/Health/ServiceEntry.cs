using Mesh.Consul.Agent;

namespace Mesh.Consul.Health;

/// <summary>One instance of a service with its node and checks (<c>GET /v1/health/service/&lt;name&gt;</c>).</summary>
public sealed class ServiceEntry
{
    /// <summary>The node running the instance.</summary>
    public ConsulNode Node { get; init; } = new();

    /// <summary>The instance.</summary>
    public AgentService Service { get; init; } = new();

    /// <summary>The node's and the instance's checks.</summary>
    public IReadOnlyList<HealthCheck> Checks { get; init; } = [];

    /// <summary>The address to dial: the service's address, or the node's when the service has none.</summary>
    public string EffectiveAddress => string.IsNullOrEmpty(Service.Address) ? Node.Address : Service.Address;
}
