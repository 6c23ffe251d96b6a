using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Rotates through the selectable endpoints; with unequal weights it follows a precomputed smooth weighted round-robin
/// order over them, so each endpoint gets turns in proportion to its weight and the survivors of an ejection share
/// its turns.
/// </summary>
internal sealed class RoundRobinBalancer : ILoadBalancer
{
    private int _next = -1;
    private SelectableEndpoints? _selectable;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var selectable = SelectableEndpoints.For(ref _selectable, endpoints, panic);
        return selectable.RoundRobin((uint)Interlocked.Increment(ref _next), exclude);
    }
}
