namespace Mesh.Consul.Agent;

/// <summary>The body of <c>PUT /v1/agent/service/register</c>.</summary>
public sealed class ServiceRegistration
{
    /// <summary>The instance id, unique on the agent (defaults to <see cref="Name"/>).</summary>
    public string? ID { get; init; }

    /// <summary>The service name.</summary>
    public required string Name { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The address; empty means the node's address.</summary>
    public string? Address { get; init; }

    /// <summary>The port.</summary>
    public int? Port { get; init; }

    /// <summary>Metadata.</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>A single check.</summary>
    public AgentCheck? Check { get; init; }

    /// <summary>Several checks.</summary>
    public IReadOnlyList<AgentCheck>? Checks { get; init; }
}
