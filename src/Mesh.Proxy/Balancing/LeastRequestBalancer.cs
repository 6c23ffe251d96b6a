using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Power of two choices: of two random selectable endpoints (each drawn with probability proportional to its weight,
/// and other than the excluded one when another exists), the one with fewer requests in flight.
/// </summary>
internal sealed class LeastRequestBalancer(ProxyRandom random) : ILoadBalancer
{
    private SelectableEndpoints? _selectable;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var selectable = SelectableEndpoints.For(ref _selectable, endpoints, panic);
        var first = selectable.Random(random, exclude);
        if (first is null || selectable.Members.Length == 1)
        {
            return first;
        }

        var second = selectable.Random(random, exclude)!;
        return second.ActiveRequests < first.ActiveRequests ? second : first;
    }
}
