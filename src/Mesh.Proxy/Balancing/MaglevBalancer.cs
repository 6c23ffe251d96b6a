using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Consistent hashing with a Maglev table (Envoy's <c>maglev</c>): the same key reaches the same endpoint, the keys
/// spread almost evenly, and removing an endpoint moves mostly the keys it owned. The table covers the endpoints
/// available at the time (like Envoy, which rebuilds it on health changes) and is rebuilt when that set changes.
/// Without a hash key it falls back to random.
/// </summary>
internal sealed class MaglevBalancer : ILoadBalancer
{
    /// <summary>Envoy's default table size.</summary>
    public const int DefaultTableSize = 65537;

    private const int MaxTableSize = 5_000_011;
    private readonly ConsistentHashSettings _settings;
    private readonly ProxyRandom _random;
    private Cache? _cache;
    private EndpointWeights? _weights;

    /// <summary>Creates the balancer; a table size that is not prime is raised to the next prime.</summary>
    public MaglevBalancer(ConsistentHashSettings settings, ProxyRandom random)
    {
        _settings = settings;
        _random = random;
        TableSize = NextPrime(Math.Clamp(settings.Maglev?.TableSize ?? DefaultTableSize, 2, MaxTableSize));
    }

    /// <summary>Slots in the lookup table (prime).</summary>
    public int TableSize { get; }

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var key = ConsistentHashKey.From(_settings, context);
        return key is null ? Scan.From(endpoints, EndpointWeights.For(ref _weights, endpoints).RandomIndex(_random), exclude) : PickByKey(endpoints, key, exclude);
    }

    /// <summary>The endpoint for a hash key (no request needed).</summary>
    public EndpointState? PickByKey(EndpointState[] endpoints, string key, EndpointState? exclude = null)
    {
        var table = TableFor(endpoints);
        return table?.Find(ConsistentHashKey.Hash(key), exclude);
    }

    private MaglevTable? TableFor(EndpointState[] endpoints)
    {
        var signature = Signature(endpoints, out var available);
        if (available == 0)
        {
            return null;
        }

        var cache = Volatile.Read(ref _cache);
        if (cache is not null && ReferenceEquals(cache.Endpoints, endpoints) && cache.Signature == signature)
        {
            return cache.Table;
        }

        var members = new EndpointState[available];
        var n = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].IsAvailable)
            {
                members[n++] = endpoints[i];
            }
        }

        var table = new MaglevTable(members, TableSize);
        Volatile.Write(ref _cache, new Cache(endpoints, signature, table));
        return table;
    }

    // Which endpoints are available, folded into one number (a collision only delays a rebuild: Find skips
    // unavailable owners anyway).
    private static ulong Signature(EndpointState[] endpoints, out int available)
    {
        available = 0;
        var signature = 14695981039346656037UL;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].IsAvailable)
            {
                available++;
                signature = (signature ^ (ulong)(i + 1)) * 1099511628211UL;
            }
        }

        return signature;
    }

    private static int NextPrime(int value)
    {
        for (var candidate = Math.Max(2, value); ; candidate++)
        {
            if (IsPrime(candidate))
            {
                return candidate;
            }
        }
    }

    private static bool IsPrime(int value)
    {
        if (value < 4)
        {
            return value >= 2;
        }

        if (value % 2 == 0)
        {
            return false;
        }

        for (var d = 3; (long)d * d <= value; d += 2)
        {
            if (value % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Cache(EndpointState[] Endpoints, ulong Signature, MaglevTable Table);
}
