using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Envoy's per-priority load for one endpoint array at one availability version: each priority's health is
/// <c>min(100, 1.4 × 100 × available / total)</c>; priorities take, in order, <c>min(health × 100 / normalised total
/// health, what is left)</c> percent of the traffic, where the normalised total health is <c>min(100, Σ health)</c>;
/// rounding leftovers go to the first priority with load. Immutable; rebuilt when endpoints or availability change.
/// </summary>
internal sealed class PriorityLoad
{
    /// <summary>Envoy's default overprovisioning factor (1.4) in percent.</summary>
    public const int OverprovisioningFactor = 140;

    private readonly int[] _cumulative;

    private PriorityLoad(LocalityGroups groups, long version, int[] loads)
    {
        Groups = groups;
        Version = version;
        Loads = loads;
        _cumulative = new int[loads.Length];
        var sum = 0;
        for (var i = 0; i < loads.Length; i++)
        {
            sum += loads[i];
            _cumulative[i] = sum;
        }
    }

    /// <summary>The groups the loads were computed for.</summary>
    public LocalityGroups Groups { get; }

    /// <summary>The <see cref="EndpointState.AvailabilityVersion"/> read before the loads were computed.</summary>
    public long Version { get; }

    /// <summary>Percent of traffic per priority group (sums to 100, or 0 when no endpoint is available).</summary>
    public int[] Loads { get; }

    /// <summary>True when no priority has any load (no endpoint available anywhere).</summary>
    public bool IsEmpty => _cumulative.Length == 0 || _cumulative[^1] == 0;

    /// <summary>Computes the loads of <paramref name="groups"/> from the endpoints' current availability.</summary>
    public static PriorityLoad Compute(LocalityGroups groups, long version)
    {
        var count = groups.Groups.Length;
        var health = new int[count];
        var totalHealth = 0;
        for (var i = 0; i < count; i++)
        {
            health[i] = Health(groups.Groups[i]);
            totalHealth += health[i];
        }

        var loads = new int[count];
        var normalised = Math.Min(totalHealth, 100);
        if (normalised == 0)
        {
            // Every priority rounds to 0 % health: the closest priority with an available endpoint takes it all.
            for (var i = 0; i < count; i++)
            {
                if (LocalityGroups.AnyAvailable(groups.Groups[i]))
                {
                    loads[i] = 100;
                    break;
                }
            }

            return new PriorityLoad(groups, version, loads);
        }

        var remaining = 100;
        var first = -1;
        for (var i = 0; i < count; i++)
        {
            loads[i] = Math.Min(remaining, health[i] * 100 / normalised);
            remaining -= loads[i];
            if (loads[i] > 0 && first < 0)
            {
                first = i;
            }
        }

        if (first >= 0)
        {
            loads[first] += remaining;
        }

        return new PriorityLoad(groups, version, loads);
    }

    /// <summary>Envoy's priority health: <c>min(100, 140 × available / total)</c> in integer percent.</summary>
    public static int Health(EndpointState[] group)
    {
        if (group.Length == 0)
        {
            return 0;
        }

        var available = 0;
        for (var i = 0; i < group.Length; i++)
        {
            if (group[i].IsAvailable)
            {
                available++;
            }
        }

        return (int)Math.Min(100L, (long)OverprovisioningFactor * available / group.Length);
    }

    /// <summary>The priority index for a roll in [0, 100), or -1 when no priority has load.</summary>
    public int Select(int roll)
    {
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (roll < _cumulative[i])
            {
                return i;
            }
        }

        return -1;
    }
}
