using Mesh.Snapshots.Clusters;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Which destination rule <c>tls</c> settings apply to one endpoint of a cluster, with Istio's precedence: port level
/// (the subset's, then the cluster's) over the subset over the cluster. The subset is the first one whose labels the
/// endpoint carries and that sets <c>tls</c> (an endpoint in several subsets with different <c>tls</c> gets the first).
/// </summary>
internal static class ClientTlsPolicy
{
    /// <summary>The settings for an endpoint with <paramref name="labels"/> reached on destination port <paramref name="port"/>, or null when the rule sets none.</summary>
    public static ClientTlsSettings? Effective(Cluster cluster, int port, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var clusterPolicy = cluster.TrafficPolicy;
        var subsetPolicy = cluster.Subsets
            .Where(s => s.TrafficPolicy is { } p && (p.Tls is not null || p.PortLevelSettings.Any(l => l.Port == port && l.Tls is not null)) && Matches(s.Labels, labels))
            .Select(s => s.TrafficPolicy)
            .FirstOrDefault();
        return PortTls(subsetPolicy, port) ?? PortTls(clusterPolicy, port) ?? subsetPolicy?.Tls ?? clusterPolicy?.Tls;
    }

    /// <summary>Every <c>tls</c> block of a cluster: its own, its subsets', and their port-level ones.</summary>
    public static IEnumerable<ClientTlsSettings> All(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var policy in cluster.Subsets.Select(s => s.TrafficPolicy).Prepend(cluster.TrafficPolicy))
        {
            if (policy is null)
            {
                continue;
            }

            if (policy.Tls is { } tls)
            {
                yield return tls;
            }

            foreach (var port in policy.PortLevelSettings)
            {
                if (port.Tls is { } portTls)
                {
                    yield return portTls;
                }
            }
        }
    }

    private static ClientTlsSettings? PortTls(TrafficPolicy? policy, int port) =>
        port <= 0 ? null : policy?.PortLevelSettings.FirstOrDefault(l => l.Port == port && l.Tls is not null)?.Tls;

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
