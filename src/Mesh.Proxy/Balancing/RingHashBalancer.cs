using System.Runtime.CompilerServices;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Consistent hashing on a ring (Envoy's ring_hash): the same header, cookie, query value or source IP
/// reaches the same endpoint while it is available. The ring covers every endpoint of the array; a key whose owner is
/// unavailable goes to the next selectable owner along the ring, so keys of available owners never move and the
/// unavailable owner's keys spread over the owners of the entries that follow its entries. Without a hash key it picks
/// a random selectable endpoint (by weight).
/// </summary>
internal sealed class RingHashBalancer : ILoadBalancer
{
    private const int MaxRingSize = 1 << 20;
    private readonly ConsistentHashSettings _settings;
    private readonly ProxyRandom _random;
    private readonly int _ringSize;
    private readonly ConditionalWeakTable<EndpointState[], Ring> _rings = new();
    private Ring? _ring;
    private SelectableEndpoints? _selectable;

    /// <summary>Creates the balancer.</summary>
    public RingHashBalancer(ConsistentHashSettings settings, ProxyRandom random)
    {
        _settings = settings;
        _random = random;
        _ringSize = Math.Clamp(settings.RingHash?.MinimumRingSize ?? 1024, 1, MaxRingSize);
    }

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var selectable = SelectableEndpoints.For(ref _selectable, endpoints, panic);
        if (selectable.Members.Length == 0)
        {
            return null;
        }

        var key = ConsistentHashKey.From(_settings, context);
        return key is null ? selectable.Random(_random, exclude) : RingFor(endpoints).Find(ConsistentHashKey.Hash(key), exclude, panic);
    }

    // A reference comparison on the request path; the table serves locality-aware balancing, which hands one balancer
    // several group arrays in turn (each keeps its ring rather than one being rebuilt per request).
    private Ring RingFor(EndpointState[] endpoints)
    {
        var ring = Volatile.Read(ref _ring);
        if (ring is not null && ReferenceEquals(ring.Endpoints, endpoints))
        {
            return ring;
        }

        if (!_rings.TryGetValue(endpoints, out ring))
        {
            ring = _rings.GetValue(endpoints, e => new Ring(e, _ringSize));
        }

        Volatile.Write(ref _ring, ring);
        return ring;
    }

    private sealed class Ring
    {
        private readonly ulong[] _hashes;
        private readonly EndpointState[] _owners;

        public Ring(EndpointState[] endpoints, int minimumSize)
        {
            Endpoints = endpoints;
            var counts = EntryCounts(EndpointWeights.For(endpoints), minimumSize);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            var entries = new (ulong Hash, EndpointState Owner)[total];
            var n = 0;
            for (var e = 0; e < endpoints.Length; e++)
            {
                for (var r = 0; r < counts[e]; r++)
                {
                    entries[n++] = (ConsistentHashKey.Hash(endpoints[e].Endpoint.Key + "_" + r.ToString(System.Globalization.CultureInfo.InvariantCulture)), endpoints[e]);
                }
            }

            Array.Sort(entries, static (a, b) => a.Hash.CompareTo(b.Hash));
            _hashes = new ulong[entries.Length];
            _owners = new EndpointState[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                _hashes[i] = entries[i].Hash;
                _owners[i] = entries[i].Owner;
            }
        }

        public EndpointState[] Endpoints { get; }

        // Ring entries per endpoint: equal weights keep the unweighted count (the minimum size spread evenly); otherwise
        // entries in proportion to weight (Envoy), at least the minimum size in all, capped at MaxRingSize.
        private static int[] EntryCounts(EndpointWeights weights, int minimumSize)
        {
            var length = weights.Weights.Length;
            var counts = new int[length];
            if (weights.Uniform)
            {
                Array.Fill(counts, Math.Max(1, (minimumSize + length - 1) / length));
                return counts;
            }

            var scaled = EndpointWeights.Scaled(weights.Weights, MaxRingSize);
            long sum = 0;
            foreach (var w in scaled)
            {
                sum += w;
            }

            var perUnit = Math.Max(1, (minimumSize + sum - 1) / sum);
            if (perUnit * sum > MaxRingSize)
            {
                perUnit = Math.Max(1, MaxRingSize / sum);
            }

            for (var i = 0; i < length; i++)
            {
                counts[i] = (int)(scaled[i] * perUnit);
            }

            return counts;
        }

        public EndpointState? Find(ulong hash, EndpointState? exclude, bool panic)
        {
            var index = Array.BinarySearch(_hashes, hash);
            if (index < 0)
            {
                index = ~index;
            }

            EndpointState? fallback = null;
            for (var i = 0; i < _owners.Length; i++)
            {
                var owner = _owners[(index + i) % _owners.Length];
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

            return fallback;
        }
    }
}
