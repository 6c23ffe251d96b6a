using System.Collections.Concurrent;

namespace Mesh.Proxy.Observability;

/// <summary>
/// Values derived from a small set of keys (route names, principals, clusters), computed once instead of per request.
/// Bounded: past <see cref="MaxEntries"/> keys the value is computed each time and not kept.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The most keys kept.</summary>
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<TKey, TValue> _values = new();
    private int _count;

    /// <summary>The value of <paramref name="key"/>, computed by <paramref name="create"/> the first time.</summary>
    public TValue Get<TState>(TKey key, TState state, Func<TKey, TState, TValue> create)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        value = create(key, state);
        if (Volatile.Read(ref _count) < MaxEntries && _values.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }

        return value;
    }
}
