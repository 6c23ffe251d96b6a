using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Health;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Runtime state of one (host, subset): endpoints with their counters (kept across table swaps and
/// catalog updates) and the policy-derived <see cref="ClusterConfig"/>.
/// </summary>
internal sealed class ClusterState(string host, string? subset, ProxyServices services, int port = 0) : IDisposable
{
    private readonly Lock _rebuild = new();
    private EndpointState[] _endpoints = [];
    private ClusterConfig? _config;

    /// <summary>The service host.</summary>
    public string Host { get; } = host;

    /// <summary>The destination port whose <c>port_level_settings</c> apply, 0 for none.</summary>
    public int Port { get; } = port;

    /// <summary>Endpoints currently in the pool (healthy or not).</summary>
    public EndpointState[] Endpoints => Volatile.Read(ref _endpoints);

    /// <summary>
    /// Returns the config for a table generation, rebuilding it when the table changed. A rebuilt config is published
    /// only after the endpoints have been selected with its subset labels, so no caller ever pairs a config with the
    /// endpoints of another subset (or with none, on a state's first use).
    /// </summary>
    public ClusterConfig GetConfig(long generation, Cluster? cluster)
    {
        var config = Volatile.Read(ref _config);
        if (IsCurrent(config, generation, cluster))
        {
            return config;
        }

        lock (_rebuild)
        {
            config = _config;
            if (IsCurrent(config, generation, cluster))
            {
                return config;
            }

            var fresh = Build(generation, cluster);
            if (config is null || !LabelsEqual(config.SubsetLabels, fresh.SubsetLabels))
            {
                SelectEndpoints(fresh.SubsetLabels);
            }

            Volatile.Write(ref _config, fresh);
            config?.Outliers?.Dispose();
            return fresh;
        }
    }

    /// <summary>Re-reads endpoints from the source, keeping state of endpoints that stay.</summary>
    public void RefreshEndpoints()
    {
        lock (_rebuild)
        {
            SelectEndpoints(_config?.SubsetLabels ?? FrozenDictionary<string, string>.Empty);
        }
    }

    private static bool IsCurrent([NotNullWhen(true)] ClusterConfig? config, long generation, Cluster? cluster) =>
        config is not null && (config.Generation == generation || ReferenceEquals(config.Cluster, cluster));

    private void SelectEndpoints(IReadOnlyDictionary<string, string> labels)
    {
        var selected = SubsetSelector.Select(services.Endpoints.GetEndpoints(Host), labels);
        var current = Endpoints;
        var next = new EndpointState[selected.Length];
        for (var i = 0; i < selected.Length; i++)
        {
            EndpointState? kept = null;
            for (var j = 0; j < current.Length; j++)
            {
                if (string.Equals(current[j].Endpoint.Key, selected[i].Key, StringComparison.Ordinal))
                {
                    kept = current[j];
                    break;
                }
            }

            kept ??= new EndpointState(selected[i]);
            kept.Endpoint = selected[i];
            next[i] = kept;
        }

        Volatile.Write(ref _endpoints, next);
    }

    private ClusterConfig Build(long generation, Cluster? cluster)
    {
        var subsetRule = PortPolicy.FindSubset(cluster, subset);

        // Istio: a subset's traffic policy overrides the cluster's, field by field, and the destination port's
        // settings override both.
        var clusterPolicy = cluster?.TrafficPolicy;
        var subsetPolicy = subsetRule?.TrafficPolicy;
        var portPolicy = PortPolicy.Find(clusterPolicy, subsetPolicy, Port);
        var lb = portPolicy?.LoadBalancer ?? subsetPolicy?.LoadBalancer ?? clusterPolicy?.LoadBalancer;
        var pool = portPolicy?.ConnectionPool ?? subsetPolicy?.ConnectionPool ?? clusterPolicy?.ConnectionPool;
        var outlier = portPolicy?.OutlierDetection ?? subsetPolicy?.OutlierDetection ?? clusterPolicy?.OutlierDetection;

        ILoadBalancer balancer = lb?.ConsistentHash is { } hash
            ? hash.Maglev is not null ? new MaglevBalancer(hash, services.Random) : new RingHashBalancer(hash, services.Random)
            : (lb?.Simple ?? LoadBalancerKind.LeastRequest) switch
            {
                LoadBalancerKind.RoundRobin => new RoundRobinBalancer(),
                LoadBalancerKind.Random => new RandomBalancer(services.Random),
                _ => new LeastRequestBalancer(services.Random),
            };
        balancer = LocalityAwareBalancer.Wrap(balancer, services.Locality, lb?.Locality, outlier is not null, services.Random, outlier?.MinHealthPercent ?? 0);

        var detector = outlier is null ? null : new OutlierDetector(outlier, services.Time, () => Endpoints);
        return new ClusterConfig(
            generation,
            cluster,
            subsetRule?.Labels ?? FrozenDictionary<string, string>.Empty,
            subset is null || subsetRule is not null,
            balancer,
            new ConnectionPoolLimiter(pool),
            detector,
            services.Invokers.Get(pool));
    }

    private static bool LabelsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && SubsetSelector.Matches(a, b));

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _config)?.Outliers?.Dispose();
}
