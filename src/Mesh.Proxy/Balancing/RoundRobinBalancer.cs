using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>Rotates through available endpoints.</summary>
internal sealed class RoundRobinBalancer : ILoadBalancer
{
    private int _next = -1;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Length);
        return Scan.From(endpoints, start, exclude);
    }
}
