using System.Runtime.CompilerServices;
using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// The load-balancing weights of one endpoint array, precomputed once per array (the cluster builds a new array on
/// every catalog change) so that a weighted pick costs one roll and a binary search, with no allocation.
/// </summary>
internal sealed class EndpointWeights
{
    /// <summary>Longest smooth round-robin schedule; larger weight sums are scaled down (keeping the ratios as far as possible).</summary>
    public const int MaxScheduleLength = 1 << 16;

    private static readonly ConditionalWeakTable<EndpointState[], EndpointWeights> s_cache = new();
    private readonly long[] _cumulative;
    private int[]? _schedule;

    private EndpointWeights(EndpointState[] endpoints)
    {
        Endpoints = endpoints;
        Weights = new int[endpoints.Length];
        _cumulative = new long[endpoints.Length];
        long total = 0;
        Uniform = true;
        for (var i = 0; i < endpoints.Length; i++)
        {
            var weight = endpoints[i].Endpoint.Weight;
            Weights[i] = weight;
            total += weight;
            _cumulative[i] = total;
            Uniform &= weight == Weights[0];
        }

        Total = total;
    }

    /// <summary>The array the weights were read from.</summary>
    public EndpointState[] Endpoints { get; }

    /// <summary>The weight of each endpoint (at least 1).</summary>
    public int[] Weights { get; }

    /// <summary>The sum of the weights.</summary>
    public long Total { get; }

    /// <summary>True when every endpoint has the same weight: balancers then behave exactly as unweighted.</summary>
    public bool Uniform { get; }

    /// <summary>
    /// The weights of <paramref name="endpoints"/>, computed once per array (a weak table: locality-aware balancing
    /// hands one balancer several group arrays in turn, and none of them may cost an allocation per request).
    /// </summary>
    public static EndpointWeights For(EndpointState[] endpoints) => s_cache.GetValue(endpoints, static e => new EndpointWeights(e));

    /// <summary>
    /// The weights of <paramref name="endpoints"/>, computed now and not cached by array (for arrays that live only as
    /// long as their owner, such as the selectable subset of one availability version).
    /// </summary>
    public static EndpointWeights Uncached(EndpointState[] endpoints) => new(endpoints);

    /// <summary>An endpoint index chosen with probability proportional to weight (uniform when all weights are equal).</summary>
    public int RandomIndex(ProxyRandom random)
    {
        if (Uniform || Total > int.MaxValue)
        {
            return Uniform ? random.Next(Endpoints.Length) : IndexOf((long)(random.NextDouble() * Total));
        }

        return IndexOf(random.Next((int)Total));
    }

    /// <summary>
    /// Like <see cref="RandomIndex"/> over every endpoint but <paramref name="skip"/> (there must be another): a roll
    /// over the other endpoints' weights that steps over the skipped endpoint's range.
    /// </summary>
    public int RandomIndexExcept(ProxyRandom random, int skip)
    {
        if (Uniform)
        {
            var index = random.Next(Endpoints.Length - 1);
            return index >= skip ? index + 1 : index;
        }

        var rest = Total - Weights[skip];
        var roll = rest > int.MaxValue ? (long)(random.NextDouble() * rest) : random.Next((int)rest);
        return IndexOf(roll >= _cumulative[skip] - Weights[skip] ? roll + Weights[skip] : roll);
    }

    /// <summary>The endpoint index owning position <paramref name="roll"/> in [0, <see cref="Total"/>).</summary>
    public int IndexOf(long roll)
    {
        var index = Array.BinarySearch(_cumulative, roll + 1);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }

    /// <summary>
    /// A smooth weighted round-robin order (nginx's algorithm): endpoint indexes, each appearing in proportion to its
    /// weight and interleaved rather than in bursts. Built on first use.
    /// </summary>
    public int[] Schedule()
    {
        var schedule = Volatile.Read(ref _schedule);
        if (schedule is not null)
        {
            return schedule;
        }

        // Building costs turns x endpoints: with many endpoints the turns are capped lower (weights are usually small
        // integers, which the greatest-common-divisor reduction keeps exact anyway).
        var scaled = Scaled(Weights, Math.Max(1024, Math.Min(MaxScheduleLength, (1 << 22) / Math.Max(1, Weights.Length))));
        long sum = 0;
        foreach (var w in scaled)
        {
            sum += w;
        }

        schedule = new int[sum];
        var current = new long[scaled.Length];
        for (var n = 0; n < schedule.Length; n++)
        {
            var best = 0;
            for (var i = 0; i < scaled.Length; i++)
            {
                current[i] += scaled[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= sum;
            schedule[n] = best;
        }

        Volatile.Write(ref _schedule, schedule);
        return schedule;
    }

    /// <summary>Weights divided by their greatest common divisor, then scaled down (each at least 1) to sum at most <paramref name="limit"/>.</summary>
    internal static long[] Scaled(int[] weights, int limit)
    {
        long divisor = 0;
        foreach (var w in weights)
        {
            divisor = Gcd(divisor, w);
        }

        var scaled = new long[weights.Length];
        long sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            scaled[i] = weights[i] / Math.Max(1, divisor);
            sum += scaled[i];
        }

        if (sum > limit)
        {
            for (var i = 0; i < scaled.Length; i++)
            {
                scaled[i] = Math.Max(1, scaled[i] * limit / sum);
            }
        }

        return scaled;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
