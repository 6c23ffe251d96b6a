using System.Runtime.CompilerServices;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Consistent hashing with a Maglev table (Envoy's <c>maglev</c>): the same key reaches the same endpoint, the keys
/// spread almost evenly, and removing an endpoint from the catalog moves mostly the keys it owned. The table covers
/// every endpoint of the array and is built once per array (the cluster builds a new one on every catalog change); a
/// key whose owner is unavailable (ejected, or unhealthy in the catalog) goes to the owner of the next slot that is
/// selectable. Slot owners follow no order, so such keys spread over the survivors by weight, and keys of available
/// owners never move (Envoy rebuilds its table over the healthy hosts instead, which moves a few of them too).
/// Without a hash key it picks a random selectable endpoint (by weight).
/// </summary>
internal sealed class MaglevBalancer : ILoadBalancer
{
    /// <summary>Envoy's default table size.</summary>
    public const int DefaultTableSize = 65537;

    private const int MaxTableSize = 5_000_011;
    private readonly ConsistentHashSettings _settings;
    private readonly ProxyRandom _random;
    private readonly ConditionalWeakTable<EndpointState[], MaglevTable> _tables = new();
    private MaglevTable? _table;
    private SelectableEndpoints? _selectable;

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
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false)
    {
        if (endpoints.Length == 0)
        {
            return null;
        }

        var key = ConsistentHashKey.From(_settings, context);
        return key is null
            ? SelectableEndpoints.For(ref _selectable, endpoints, panic).Random(_random, exclude)
            : PickByKey(endpoints, key, exclude, panic);
    }

    /// <summary>The endpoint for a hash key (no request needed).</summary>
    public EndpointState? PickByKey(EndpointState[] endpoints, string key, EndpointState? exclude = null, bool panic = false)
    {
        if (SelectableEndpoints.For(ref _selectable, endpoints, panic).Members.Length == 0)
        {
            return null;
        }

        return TableFor(endpoints).Find(ConsistentHashKey.Hash(key), exclude, panic);
    }

    // A reference comparison on the request path; the table serves locality-aware balancing, which hands one balancer
    // several group arrays in turn (each keeps its table rather than one being rebuilt per request).
    private MaglevTable TableFor(EndpointState[] endpoints)
    {
        var table = Volatile.Read(ref _table);
        if (table is not null && ReferenceEquals(table.Members, endpoints))
        {
            return table;
        }

        if (!_tables.TryGetValue(endpoints, out table))
        {
            table = _tables.GetValue(endpoints, e => new MaglevTable(e, TableSize));
        }

        Volatile.Write(ref _table, table);
        return table;
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
}
