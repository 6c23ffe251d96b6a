using System.Runtime.CompilerServices;
using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// The endpoints of one array that a balancer may pick (see <see cref="EndpointState.IsSelectable"/>) at one
/// availability version, in array order, with their weights. Balancers draw among these members, as Envoy builds its
/// balancers over the available hosts, so the survivors of an ejection share its traffic in proportion to their
/// weights instead of the first endpoint after a run of unavailable ones taking all of the run's turns.
/// Immutable; rebuilt when the availability version changes, reusing the previous members and weights (and so the
/// round-robin schedule) when the selectable set itself did not change.
/// </summary>
internal sealed class SelectableEndpoints
{
    // Per array and panic flag, the latest entry: locality-aware balancing hands one balancer several group arrays in
    // turn, and none of them may cost an allocation per request.
    private static readonly ConditionalWeakTable<EndpointState[], Latest> s_cache = new();

    private SelectableEndpoints(EndpointState[] source, long version, bool panic, EndpointState[] members, EndpointWeights weights)
    {
        Source = source;
        Version = version;
        Panic = panic;
        Members = members;
        Weights = weights;
    }

    /// <summary>The array the members were selected from.</summary>
    public EndpointState[] Source { get; }

    /// <summary>The <see cref="EndpointState.AvailabilityVersion"/> read before the members were selected.</summary>
    public long Version { get; }

    /// <summary>Whether the members were selected as in panic (ejected endpoints count).</summary>
    public bool Panic { get; }

    /// <summary>The selectable endpoints, in array order (the source array itself when all are selectable).</summary>
    public EndpointState[] Members { get; }

    /// <summary>The members' weights.</summary>
    public EndpointWeights Weights { get; }

    /// <summary>
    /// The selectable endpoints of <paramref name="endpoints"/> now, through a balancer's one-entry cache
    /// <paramref name="last"/> (on the request path a reference and a version comparison), then the per-array cache.
    /// </summary>
    public static SelectableEndpoints For(ref SelectableEndpoints? last, EndpointState[] endpoints, bool panic)
    {
        var version = EndpointState.AvailabilityVersion;
        var cached = Volatile.Read(ref last);
        if (cached is not null && ReferenceEquals(cached.Source, endpoints) && cached.Version == version && cached.Panic == panic)
        {
            return cached;
        }

        cached = s_cache.GetValue(endpoints, static _ => new Latest()).For(endpoints, version, panic);
        Volatile.Write(ref last, cached);
        return cached;
    }

    /// <summary>
    /// A member drawn with probability proportional to its weight; when that is <paramref name="exclude"/> and others
    /// exist, one of the others drawn the same way. Null when there are no members.
    /// </summary>
    public EndpointState? Random(ProxyRandom random, EndpointState? exclude)
    {
        if (Members.Length == 0)
        {
            return null;
        }

        var index = Weights.RandomIndex(random);
        if (Members.Length == 1 || !ReferenceEquals(Members[index], exclude))
        {
            return Members[index];
        }

        return Members[Weights.RandomIndexExcept(random, index)];
    }

    /// <summary>
    /// The member of round-robin turn <paramref name="turn"/> (a rotation, or the smooth weighted schedule when weights
    /// differ); when that is <paramref name="exclude"/> and others exist, the next member in the order that is not.
    /// Null when there are no members.
    /// </summary>
    public EndpointState? RoundRobin(uint turn, EndpointState? exclude)
    {
        if (Members.Length == 0)
        {
            return null;
        }

        if (Weights.Uniform)
        {
            var index = (int)(turn % (uint)Members.Length);
            return Members.Length > 1 && ReferenceEquals(Members[index], exclude) ? Members[(index + 1) % Members.Length] : Members[index];
        }

        var schedule = Weights.Schedule();
        var position = (int)(turn % (uint)schedule.Length);
        var chosen = schedule[position];
        if (Members.Length == 1 || !ReferenceEquals(Members[chosen], exclude))
        {
            return Members[chosen];
        }

        // Every member appears in the schedule, so another one comes within one pass.
        for (var step = 1; step < schedule.Length; step++)
        {
            var candidate = schedule[(position + step) % schedule.Length];
            if (candidate != chosen)
            {
                return Members[candidate];
            }
        }

        return Members[chosen];
    }

    private static SelectableEndpoints Select(EndpointState[] endpoints, long version, bool panic, SelectableEndpoints? previous)
    {
        var count = 0;
        var unchanged = previous is not null;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (!endpoints[i].IsSelectable(panic))
            {
                continue;
            }

            if (unchanged && (count >= previous!.Members.Length || !ReferenceEquals(previous.Members[count], endpoints[i])))
            {
                unchanged = false;
            }

            count++;
        }

        if (unchanged && count == previous!.Members.Length)
        {
            return new SelectableEndpoints(endpoints, version, panic, previous.Members, previous.Weights);
        }

        if (count == endpoints.Length)
        {
            return new SelectableEndpoints(endpoints, version, panic, endpoints, EndpointWeights.For(endpoints));
        }

        var members = new EndpointState[count];
        var n = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].IsSelectable(panic))
            {
                members[n++] = endpoints[i];
            }
        }

        return new SelectableEndpoints(endpoints, version, panic, members, EndpointWeights.Uncached(members));
    }

    // The latest selection of one array, one slot per panic flag.
    private sealed class Latest
    {
        private SelectableEndpoints? _calm;
        private SelectableEndpoints? _panic;

        public SelectableEndpoints For(EndpointState[] endpoints, long version, bool panic)
        {
            ref var slot = ref panic ? ref _panic : ref _calm;
            var current = Volatile.Read(ref slot);
            if (current is not null && current.Version == version)
            {
                return current;
            }

            current = Select(endpoints, version, panic, current);
            Volatile.Write(ref slot, current);
            return current;
        }
    }
}
