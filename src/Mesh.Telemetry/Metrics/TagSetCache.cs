using System.Collections.Concurrent;

namespace Mesh.Telemetry.Metrics;

/// <summary>
/// The tag arrays of label combinations already seen, so recording a request allocates nothing: Istio's labels are
/// constant per (route destination, peer, status, flags), a small set in practice. Bounded: past
/// <see cref="MaxEntries"/> combinations (a label with unbounded values) new combinations get a fresh array each time.
/// </summary>
internal sealed class TagSetCache(Func<RequestLabels, KeyValuePair<string, object?>[]> build)
{
    /// <summary>The most combinations kept.</summary>
    public const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<RequestLabels, KeyValuePair<string, object?>[]> _sets = new();
    private int _count;

    /// <summary>Combinations cached so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The tags of <paramref name="labels"/>; the array is shared and must not be changed.</summary>
    public KeyValuePair<string, object?>[] Get(in RequestLabels labels)
    {
        if (_sets.TryGetValue(labels, out var tags))
        {
            return tags;
        }

        tags = build(labels);
        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            return tags;
        }

        if (_sets.TryAdd(labels, tags))
        {
            Interlocked.Increment(ref _count);
            return tags;
        }

        return _sets.TryGetValue(labels, out var existing) ? existing : tags;
    }
}
