using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Consistent hashing on a ring (Envoy's ring_hash): the same header, cookie, query value or source IP
/// reaches the same endpoint while it is available. Without a hash key it falls back to random.
/// </summary>
internal sealed class RingHashBalancer : ILoadBalancer
{
    private readonly ConsistentHashSettings _settings;
    private readonly ProxyRandom _random;
    private readonly int _ringSize;
    private Ring? _ring;

    /// <summary>Creates the balancer.</summary>
    public RingHashBalancer(ConsistentHashSettings settings, ProxyRandom random)
    {
        _settings = settings;
        _random = random;
        _ringSize = Math.Clamp(settings.RingHash?.MinimumRingSize ?? 1024, 1, 1 << 20);
    }

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var key = ConsistentHashKey.From(_settings, context);
        if (key is null)
        {
            return Scan.From(endpoints, _random.Next(endpoints.Length), exclude);
        }

        var ring = Volatile.Read(ref _ring);
        if (ring is null || !ReferenceEquals(ring.Endpoints, endpoints))
        {
            ring = new Ring(endpoints, _ringSize);
            Volatile.Write(ref _ring, ring);
        }

        return ring.Find(ConsistentHashKey.Hash(key), exclude);
    }



    private sealed class Ring
    {
        private readonly ulong[] _hashes;
        private readonly EndpointState[] _owners;

        public Ring(EndpointState[] endpoints, int minimumSize)
        {
            Endpoints = endpoints;
            var perEndpoint = Math.Max(1, (minimumSize + endpoints.Length - 1) / endpoints.Length);
            var entries = new (ulong Hash, EndpointState Owner)[perEndpoint * endpoints.Length];
            var n = 0;
            for (var e = 0; e < endpoints.Length; e++)
            {
                for (var r = 0; r < perEndpoint; r++)
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

        public EndpointState? Find(ulong hash, EndpointState? exclude)
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
                if (!owner.IsAvailable)
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
