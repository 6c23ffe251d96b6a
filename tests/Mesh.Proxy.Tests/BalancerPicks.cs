using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

/// <summary>Tallies many picks of a balancer, for the share assertions of the balancing tests.</summary>
internal static class BalancerPicks
{
    /// <summary>Picks per tally: enough for ±3 points at 95 % confidence on any share.</summary>
    public const int Count = 10_000;

    /// <summary>
    /// How many of <see cref="Count"/> picks landed on each endpoint. The requests carry no hash key, so hash
    /// balancers use their random pick. Every pick must return an endpoint.
    /// </summary>
    public static Dictionary<EndpointState, int> Tally(ILoadBalancer balancer, EndpointState[] endpoints, EndpointState? exclude = null, bool panic = false)
    {
        var context = new DefaultHttpContext();
        var counts = new Dictionary<EndpointState, int>();
        for (var i = 0; i < Count; i++)
        {
            var picked = balancer.Pick(endpoints, context, exclude, panic);
            Assert.NotNull(picked);
            counts[picked] = counts.GetValueOrDefault(picked) + 1;
        }

        return counts;
    }
}
