using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Envoy's per-priority load and panic state for one endpoint array at one availability version. Each priority's
/// health is <c>min(100, 1.4 × 100 × available / total)</c>; priorities take, in order, <c>min(health × 100 /
/// normalised total health, what is left)</c> percent of the traffic, where the normalised total health is
/// <c>min(100, Σ health)</c>; rounding leftovers go to the first priority with load. Below a normalised total health
/// of 100, a priority whose available share is under the panic threshold is in panic (all its endpoints take
/// traffic); when every priority is in panic, the loads follow the priorities' endpoint counts instead.
/// Immutable; rebuilt when endpoints or availability change.
/// </summary>
internal sealed class PriorityLoad : IGroupLoad
{
    /// <summary>Envoy's default overprovisioning factor (1.4) in percent.</summary>
    public const int OverprovisioningFactor = 140;

    private readonly int[] _cumulative;

    private PriorityLoad(LocalityGroups groups, long version, int[] loads, bool[] panic)
    {
        Groups = groups;
        Version = version;
        Loads = loads;
        Panic = panic;
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

    /// <summary>Per priority group: true when it is in panic, so ejected endpoints take traffic too.</summary>
    public bool[] Panic { get; }

    /// <summary>True when no priority has any load (no endpoint available anywhere).</summary>
    public bool IsEmpty => _cumulative.Length == 0 || _cumulative[^1] == 0;

    /// <summary>
    /// Computes the loads of <paramref name="groups"/> from the endpoints' current availability;
    /// <paramref name="panicThreshold"/> is Istio's <c>min_health_percent</c> (0 disables panic).
    /// </summary>
    public static PriorityLoad Compute(LocalityGroups groups, long version, int panicThreshold)
    {
        var count = groups.Groups.Length;
        var available = new int[count];
        var health = new int[count];
        var totalHealth = 0;
        for (var i = 0; i < count; i++)
        {
            available[i] = CountAvailable(groups.Groups[i]);
            health[i] = Health(available[i], groups.Groups[i].Length);
            totalHealth += health[i];
        }

        var normalised = Math.Min(totalHealth, 100);
        var panic = new bool[count];
        var totalPanic = count > 0;
        for (var i = 0; i < count; i++)
        {
            panic[i] = InPanic(available[i], groups.Groups[i].Length, normalised, panicThreshold);
            totalPanic &= panic[i];
        }

        var loads = totalPanic ? ByEndpointCount(groups) : normalised == 0 ? ClosestAvailable(groups) : ByHealth(health, normalised);
        return new PriorityLoad(groups, version, loads, panic);
    }

    /// <summary>Envoy's priority health: <c>min(100, 140 × available / total)</c> in integer percent.</summary>
    public static int Health(EndpointState[] group) => Health(CountAvailable(group), group.Length);

    /// <summary>Envoy's priority health from counts: <c>min(100, 140 × available / total)</c>, 0 for an empty group.</summary>
    public static int Health(int available, int total) =>
        total == 0 ? 0 : (int)Math.Min(100L, (long)OverprovisioningFactor * available / total);

    /// <summary>
    /// Envoy's panic rule for one priority: never while the normalised total health is 100 % (the other priorities
    /// can absorb the traffic), otherwise when fewer than <paramref name="panicThreshold"/> percent of the priority's
    /// endpoints are available. A threshold of 0 never panics.
    /// </summary>
    public static bool InPanic(int available, int total, int normalisedTotalHealth, int panicThreshold) =>
        panicThreshold > 0 && normalisedTotalHealth < 100 && (long)available * 100 < (long)panicThreshold * total;

    /// <summary>How many endpoints of <paramref name="group"/> are available.</summary>
    public static int CountAvailable(EndpointState[] group)
    {
        var available = 0;
        for (var i = 0; i < group.Length; i++)
        {
            if (group[i].IsAvailable)
            {
                available++;
            }
        }

        return available;
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

    private static int[] ByHealth(int[] health, int normalised)
    {
        var loads = new int[health.Length];
        var remaining = 100;
        var first = -1;
        for (var i = 0; i < health.Length; i++)
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

        return loads;
    }

    // Every priority rounds to 0 % health without panic: the closest priority with an available endpoint takes it all.
    private static int[] ClosestAvailable(LocalityGroups groups)
    {
        var loads = new int[groups.Groups.Length];
        for (var i = 0; i < loads.Length; i++)
        {
            if (LocalityGroups.AnyAvailable(groups.Groups[i]))
            {
                loads[i] = 100;
                break;
            }
        }

        return loads;
    }

    // Envoy's total panic: each priority's share of all endpoints, the rounding remainder to the first priority.
    private static int[] ByEndpointCount(LocalityGroups groups)
    {
        var loads = new int[groups.Groups.Length];
        var total = 0;
        for (var i = 0; i < loads.Length; i++)
        {
            total += groups.Groups[i].Length;
        }

        var remaining = 100;
        for (var i = 0; i < loads.Length; i++)
        {
            loads[i] = (int)(100L * groups.Groups[i].Length / total);
            remaining -= loads[i];
        }

        loads[0] += remaining;
        return loads;
    }
}
