using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>Picks a random selectable endpoint, with probability proportional to its weight.</summary>
internal sealed class RandomBalancer(ProxyRandom random) : ILoadBalancer
{
    private SelectableEndpoints? _selectable;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false) =>
        endpoints.Length == 0 ? null : SelectableEndpoints.For(ref _selectable, endpoints, panic).Random(random, exclude);
}
