namespace Mesh.Proxy.Balancing;

/// <summary>
/// The proxy's source of randomness (weights, fault percentages, load balancing, mirroring).
/// Register a seeded instance to make those decisions reproducible.
/// </summary>
public sealed class ProxyRandom
{
    private readonly Random? _seeded;
    private readonly Lock _gate = new();

    /// <summary>Uses the thread-safe shared generator.</summary>
    public ProxyRandom()
    {
    }

    /// <summary>Uses a seeded generator (deterministic for a given sequence of calls).</summary>
    public ProxyRandom(int seed) => _seeded = new Random(seed);

    /// <summary>An integer in [0, <paramref name="maxValue"/>).</summary>
    public int Next(int maxValue)
    {
        if (_seeded is null)
        {
            return Random.Shared.Next(maxValue);
        }

        // Only the seeded (test) generator needs a lock: System.Random is not thread-safe.
        lock (_gate)
        {
            return _seeded.Next(maxValue);
        }
    }

    /// <summary>True with probability <paramref name="percentage"/>/100.</summary>
    public bool Chance(double percentage)
    {
        if (percentage >= 100)
        {
            return true;
        }

        if (percentage <= 0)
        {
            return false;
        }

        return NextDouble() * 100 < percentage;
    }

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble()
    {
        if (_seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_gate)
        {
            return _seeded.NextDouble();
        }
    }
}
