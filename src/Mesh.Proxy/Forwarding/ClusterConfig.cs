using Mesh.Proxy.Balancing;
using Mesh.Proxy.Health;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Forwarding;

/// <summary>The policy-derived parts of a cluster, immutable and swapped as one when a new route table arrives.</summary>
internal sealed class ClusterConfig(
    long generation,
    Cluster? cluster,
    IReadOnlyDictionary<string, string> subsetLabels,
    bool subsetKnown,
    ILoadBalancer balancer,
    ConnectionPoolLimiter limiter,
    OutlierDetector? outliers,
    HttpMessageInvoker invoker)
{
    /// <summary>Route table generation this config was built for.</summary>
    public long Generation { get; } = generation;

    /// <summary>The cluster (destination rule) or null when the host has none.</summary>
    public Cluster? Cluster { get; } = cluster;

    /// <summary>Labels endpoints must carry.</summary>
    public IReadOnlyDictionary<string, string> SubsetLabels { get; } = subsetLabels;

    /// <summary>False when the route names a subset the cluster does not define.</summary>
    public bool SubsetKnown { get; } = subsetKnown;

    /// <summary>The load balancer.</summary>
    public ILoadBalancer Balancer { get; } = balancer;

    /// <summary>The circuit breaker.</summary>
    public ConnectionPoolLimiter Limiter { get; } = limiter;

    /// <summary>Outlier detection, when configured.</summary>
    public OutlierDetector? Outliers { get; } = outliers;

    /// <summary>The pooled client for this cluster's connection settings.</summary>
    public HttpMessageInvoker Invoker { get; } = invoker;
}
