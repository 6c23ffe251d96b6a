namespace Mesh.Consul.Agent;

/// <summary>A service instance's load-balancing weights (Consul's <c>Weights</c>), by health state.</summary>
public sealed class AgentWeights
{
    /// <summary>The weight while every check passes (Consul's default is 1).</summary>
    public int Passing { get; init; } = 1;

    /// <summary>The weight while a check is in warning (Consul's default is 1).</summary>
    public int Warning { get; init; } = 1;
}
