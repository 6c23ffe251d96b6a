using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// The endpoints of one endpoint array split by locality: either priority groups (closest first) or, with a
/// <c>distribute</c> rule, weighted groups. Built once per endpoint array (arrays are replaced, never mutated).
/// </summary>
internal sealed class LocalityGroups
{
    private LocalityGroups(EndpointState[] source, EndpointState[][] groups, int[] weights, EndpointState[] members)
    {
        Source = source;
        Groups = groups;
        Weights = weights;
        Members = members;
    }

    /// <summary>The endpoint array the groups were built from.</summary>
    public EndpointState[] Source { get; }

    /// <summary>Every endpoint of every group (the pool a panicking distribute rule balances over).</summary>
    public EndpointState[] Members { get; }

    /// <summary>Non-empty groups, highest priority first (or in distribute order).</summary>
    public EndpointState[][] Groups { get; }

    /// <summary>The weight of each group for distribute; empty for priorities.</summary>
    public int[] Weights { get; }

    /// <summary>
    /// Istio's failover priorities relative to <paramref name="self"/>: same subzone 0, same zone 1, same region 2,
    /// then each failover region of <paramref name="self"/>'s region in order, then everything else.
    /// </summary>
    public static LocalityGroups ByPriority(EndpointState[] endpoints, LocalityName self, IReadOnlyList<LocalityFailover> failover)
    {
        var targets = new List<string>();
        for (var i = 0; i < failover.Count; i++)
        {
            if (string.Equals(failover[i].From, self.Region, StringComparison.Ordinal))
            {
                targets.Add(failover[i].To);
            }
        }

        var buckets = new List<EndpointState>[3 + targets.Count + 1];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        for (var i = 0; i < endpoints.Length; i++)
        {
            buckets[Priority(LocalityName.Parse(endpoints[i].Endpoint.Locality), self, targets)].Add(endpoints[i]);
        }

        var groups = new List<EndpointState[]>(buckets.Length);
        foreach (var bucket in buckets)
        {
            if (bucket.Count > 0)
            {
                groups.Add([.. bucket]);
            }
        }

        return new LocalityGroups(endpoints, [.. groups], [], endpoints);
    }

    /// <summary>
    /// Groups for a distribute rule: endpoints matching each destination pattern (first pattern in ordinal order wins),
    /// weighted by the pattern's share. Endpoints matching no pattern get no traffic, as in Istio.
    /// </summary>
    public static LocalityGroups ByDistribution(EndpointState[] endpoints, LocalityDistribute distribute)
    {
        var patterns = distribute.To.Keys.Order(StringComparer.Ordinal).ToArray();
        var buckets = new List<EndpointState>[patterns.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        for (var i = 0; i < endpoints.Length; i++)
        {
            var locality = LocalityName.Parse(endpoints[i].Endpoint.Locality);
            for (var p = 0; p < patterns.Length; p++)
            {
                if (locality.Matches(patterns[p]))
                {
                    buckets[p].Add(endpoints[i]);
                    break;
                }
            }
        }

        var groups = new List<EndpointState[]>();
        var weights = new List<int>();
        for (var p = 0; p < patterns.Length; p++)
        {
            var weight = distribute.To[patterns[p]];
            if (buckets[p].Count > 0 && weight > 0)
            {
                groups.Add([.. buckets[p]]);
                weights.Add(weight);
            }
        }

        return new LocalityGroups(endpoints, [.. groups], [.. weights], [.. groups.SelectMany(group => group)]);
    }

    /// <summary>True when at least one endpoint of the group can take traffic.</summary>
    public static bool AnyAvailable(EndpointState[] group)
    {
        for (var i = 0; i < group.Length; i++)
        {
            if (group[i].IsAvailable)
            {
                return true;
            }
        }

        return false;
    }

    private static int Priority(LocalityName endpoint, LocalityName self, List<string> failoverTargets)
    {
        if (!endpoint.IsUnknown && string.Equals(endpoint.Region, self.Region, StringComparison.Ordinal))
        {
            if (string.Equals(endpoint.Zone, self.Zone, StringComparison.Ordinal))
            {
                return string.Equals(endpoint.Subzone, self.Subzone, StringComparison.Ordinal) ? 0 : 1;
            }

            return 2;
        }

        for (var i = 0; i < failoverTargets.Count; i++)
        {
            if (!endpoint.IsUnknown && string.Equals(endpoint.Region, failoverTargets[i], StringComparison.Ordinal))
            {
                return 3 + i;
            }
        }

        return 3 + failoverTargets.Count;
    }
}
