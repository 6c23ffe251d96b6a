using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>Picks one available endpoint of a cluster.</summary>
internal interface ILoadBalancer
{
    /// <summary>
    /// Picks an available endpoint other than <paramref name="exclude"/> when one exists
    /// (retries go elsewhere), else <paramref name="exclude"/> if available, else null. With
    /// <paramref name="panic"/> (the pool is below Envoy's panic threshold) endpoints ejected by outlier detection
    /// count as available too; balancers that evaluate the threshold themselves also panic on their own.
    /// </summary>
    EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false);
}
