using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>Picks a random available endpoint, with probability proportional to its weight.</summary>
internal sealed class RandomBalancer(ProxyRandom random) : ILoadBalancer
{
    private EndpointWeights? _weights;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude) =>
        endpoints.Length == 0 ? null : Scan.From(endpoints, EndpointWeights.For(ref _weights, endpoints).RandomIndex(random), exclude);
}
