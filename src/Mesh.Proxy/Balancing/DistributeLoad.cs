using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Envoy's locality-weighted shares for a <c>distribute</c> rule at one availability version: each group's effective
/// weight is <c>weight × min(1, 1.4 × available / total)</c>, so a group loses share only once fewer than about 71 %
/// of its endpoints are available, and a group with none drops out. All groups form one priority: below a health of
/// 100 with fewer than the panic threshold of their endpoints available, the pool is in panic and the locality
/// weights no longer apply (Envoy then balances over every endpoint of the priority). Immutable; rebuilt when
/// endpoints or availability change.
/// </summary>
internal sealed class DistributeLoad : IGroupLoad
{
    private readonly double[] _cumulative;

    private DistributeLoad(LocalityGroups groups, long version, double[] effectiveWeights, bool panic)
    {
        Groups = groups;
        Version = version;
        EffectiveWeights = effectiveWeights;
        Panic = panic;
        _cumulative = new double[effectiveWeights.Length];
        var sum = 0.0;
        for (var i = 0; i < effectiveWeights.Length; i++)
        {
            sum += effectiveWeights[i];
            _cumulative[i] = sum;
        }

        Total = sum;
    }

    /// <summary>The groups the weights were computed for.</summary>
    public LocalityGroups Groups { get; }

    /// <summary>The <see cref="EndpointState.AvailabilityVersion"/> read before the weights were computed.</summary>
    public long Version { get; }

    /// <summary>Configured weight times the group's availability, per group.</summary>
    public double[] EffectiveWeights { get; }

    /// <summary>The sum of the effective weights (0 when no group has an available endpoint).</summary>
    public double Total { get; }

    /// <summary>True when the groups together are below the panic threshold.</summary>
    public bool Panic { get; }

    /// <summary>
    /// Computes the effective weights of <paramref name="groups"/> from the endpoints' current availability;
    /// <paramref name="panicThreshold"/> is Istio's <c>min_health_percent</c> (0 disables panic).
    /// </summary>
    public static DistributeLoad Compute(LocalityGroups groups, long version, int panicThreshold)
    {
        var weights = new double[groups.Groups.Length];
        var available = 0;
        var total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var group = groups.Groups[i];
            var groupAvailable = PriorityLoad.CountAvailable(group);
            available += groupAvailable;
            total += group.Length;
            var availability = Math.Min(1.0, PriorityLoad.OverprovisioningFactor / 100.0 * groupAvailable / group.Length);
            weights[i] = groups.Weights[i] * availability;
        }

        var panic = PriorityLoad.InPanic(available, total, PriorityLoad.Health(available, total), panicThreshold);
        return new DistributeLoad(groups, version, weights, panic);
    }

    /// <summary>The group index for a roll in [0, 1), or -1 when no group has weight.</summary>
    public int Select(double roll)
    {
        var position = roll * Total;
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (position < _cumulative[i])
            {
                return i;
            }
        }

        // A roll just below 1 can round up to the total: it belongs to the last group with weight.
        for (var i = EffectiveWeights.Length - 1; i >= 0; i--)
        {
            if (EffectiveWeights[i] > 0)
            {
                return i;
            }
        }

        return -1;
    }
}
