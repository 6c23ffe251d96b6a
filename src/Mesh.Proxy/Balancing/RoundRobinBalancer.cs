using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Rotates through available endpoints; with unequal weights it follows a precomputed smooth weighted round-robin
/// order, so each endpoint gets turns in proportion to its weight.
/// </summary>
internal sealed class RoundRobinBalancer : ILoadBalancer
{
    private int _next = -1;
    private EndpointWeights? _weights;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var weights = EndpointWeights.For(ref _weights, endpoints);
        var turn = (uint)Interlocked.Increment(ref _next);
        if (weights.Uniform)
        {
            return Scan.From(endpoints, (int)(turn % (uint)endpoints.Length), exclude);
        }

        var schedule = weights.Schedule();
        return Scan.From(endpoints, schedule[(int)(turn % (uint)schedule.Length)], exclude);
    }
}
