namespace Mesh.Rules.Model;

/// <summary>The simple load balancing algorithms.</summary>
public enum SimpleLoadBalancer
{
    /// <summary><c>round_robin</c>.</summary>
    RoundRobin,

    /// <summary><c>least_request</c>.</summary>
    LeastRequest,

    /// <summary><c>random</c>.</summary>
    Random,

    /// <summary><c>passthrough</c>.</summary>
    Passthrough,
}
