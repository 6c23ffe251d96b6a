using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Tests;

/// <summary>Small builders for snapshots in tests.</summary>
internal static class Snap
{
    public static ProxySnapshot Host(string host, IReadOnlyList<HttpRoute>? routes = null, params Cluster[] clusters) => new()
    {
        Version = "1",
        Host = host,
        Http = routes ?? [To(host)],
        Clusters = clusters,
    };

    public static HttpRoute To(string host, string? subset = null, string? name = null) => new()
    {
        Name = name,
        Route = [new RouteDestination { Host = host, Subset = subset }],
    };

    public static Cluster Cluster(string host, TrafficPolicy? policy = null, params Subset[] subsets) => new()
    {
        Host = host,
        TrafficPolicy = policy,
        Subsets = subsets,
    };

    public static Subset Subset(string name, string version) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { ["version"] = version },
    };

    public static Dictionary<string, string> Version(string v) => new() { ["version"] = v };

    public static TrafficPolicy RoundRobin() => new() { LoadBalancer = new LoadBalancerSettings { Simple = LoadBalancerKind.RoundRobin } };
}
