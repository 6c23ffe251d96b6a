using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Power of two choices: of two random available endpoints (each drawn with probability proportional to its weight),
/// the one with fewer requests in flight.
/// </summary>
internal sealed class LeastRequestBalancer(ProxyRandom random) : ILoadBalancer
{
    private EndpointWeights? _weights;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var weights = EndpointWeights.For(ref _weights, endpoints);
        var first = Scan.From(endpoints, weights.RandomIndex(random), exclude);
        if (first is null || endpoints.Length == 1)
        {
            return first;
        }

        var second = Scan.From(endpoints, weights.RandomIndex(random), exclude);
        if (second is null || ReferenceEquals(first, second))
        {
            return first;
        }

        // Never trade a non-excluded endpoint for the excluded one.
        if (ReferenceEquals(second, exclude))
        {
            return first;
        }

        if (ReferenceEquals(first, exclude))
        {
            return second;
        }

        return second.ActiveRequests < first.ActiveRequests ? second : first;
    }
}
