using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// A Maglev lookup table (Eisenbud et al., NSDI 2016) over a fixed set of endpoints: every endpoint walks its own
/// permutation of the slots and the endpoints claim free slots in turn, so each owns an almost equal share (or, with
/// unequal weights, a share proportional to its weight) and a change of the set moves few slots.
/// </summary>
internal sealed class MaglevTable
{
    private readonly int[] _slots;

    /// <summary>Builds the table; <paramref name="size"/> should be prime.</summary>
    public MaglevTable(EndpointState[] members, int size)
    {
        Members = members;
        _slots = new int[size];
        if (members.Length == 0)
        {
            return;
        }

        Array.Fill(_slots, -1);
        var offsets = new long[members.Length];
        var skips = new long[members.Length];
        var next = new long[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var key = members[i].Endpoint.Key;
            offsets[i] = (long)(ConsistentHashKey.Hash(key, 0x5EED1) % (ulong)size);
            skips[i] = size == 1 ? 1 : (long)(ConsistentHashKey.Hash(key, 0x5EED2) % (ulong)(size - 1)) + 1;
        }

        var weights = EndpointWeights.For(members);
        if (!weights.Uniform)
        {
            FillWeighted(weights.Weights, offsets, skips, next, size);
            return;
        }

        var filled = 0;
        while (true)
        {
            for (var i = 0; i < members.Length; i++)
            {
                ClaimNextSlot(i, offsets, skips, next, size);
                if (++filled == size)
                {
                    return;
                }
            }
        }
    }

    // Member i takes the first free slot of its permutation (offset + next * skip, mod size) from where it left off.
    private void ClaimNextSlot(int i, long[] offsets, long[] skips, long[] next, int size)
    {
        var slot = (int)((offsets[i] + (next[i] * skips[i])) % size);
        while (_slots[slot] >= 0)
        {
            next[i]++;
            slot = (int)((offsets[i] + (next[i] * skips[i])) % size);
        }

        _slots[slot] = i;
        next[i]++;
    }

    // The Maglev paper's weighted variant as Envoy builds it: in round r an endpoint claims its next slot only when
    // r * weight has reached its target, and each claim raises the target by the largest weight; so the heaviest
    // endpoint claims every round and one with weight w about w/max of the rounds.
    private void FillWeighted(int[] weights, long[] offsets, long[] skips, long[] next, int size)
    {
        var max = 0L;
        foreach (var w in weights)
        {
            max = Math.Max(max, w);
        }

        var targets = new long[weights.Length];
        var filled = 0;
        for (long round = 1; ; round++)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                if (round * weights[i] < targets[i])
                {
                    continue;
                }

                targets[i] += max;
                ClaimNextSlot(i, offsets, skips, next, size);
                if (++filled == size)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The endpoints the table was built over.</summary>
    public EndpointState[] Members { get; }

    /// <summary>Number of slots.</summary>
    public int Size => _slots.Length;

    /// <summary>
    /// The owner of the key's slot when it is selectable (see <see cref="EndpointState.IsSelectable"/>) and not
    /// <paramref name="exclude"/>; otherwise the owner of the next slot that qualifies; <paramref name="exclude"/> when
    /// it is the only one left; null when none is selectable.
    /// </summary>
    public EndpointState? Find(ulong hash, EndpointState? exclude, bool panic = false)
    {
        if (Members.Length == 0)
        {
            return null;
        }

        var start = (int)(hash % (ulong)_slots.Length);
        var first = Members[_slots[start]];
        if (first.IsSelectable(panic) && !ReferenceEquals(first, exclude))
        {
            return first;
        }

        EndpointState? fallback = first.IsSelectable(panic) ? first : null;
        var tried = 1;
        for (var i = 1; i < _slots.Length && tried < Members.Length * 64; i++, tried++)
        {
            var owner = Members[_slots[(start + i) % _slots.Length]];
            if (!owner.IsSelectable(panic))
            {
                continue;
            }

            if (ReferenceEquals(owner, exclude))
            {
                fallback = owner;
                continue;
            }

            return owner;
        }

        return Scan.From(Members, start % Members.Length, exclude, panic) ?? fallback;
    }
}
