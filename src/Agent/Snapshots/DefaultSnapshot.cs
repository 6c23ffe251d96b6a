using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Agent.Snapshots;

/// <summary>The snapshot of a host no rule mentions: every request goes to the host's own service, round robin.</summary>
internal static class DefaultSnapshot
{
    public const string Version = "default";

    public static ProxySnapshot For(string host) => new()
    {
        Version = Version,
        Host = host,
        Http = [new HttpRoute { Name = "default", Route = [new RouteDestination { Host = host }] }],
        Clusters = [new Cluster { Host = host, TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = LoadBalancerKind.RoundRobin } } }],
    };
}
