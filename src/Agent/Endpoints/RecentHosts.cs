using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The hosts outside its own route table that a proxy remembers (looked up in the registry, endpoints set), bounded by
/// <see cref="Capacity"/>. When a new host would exceed it, the least recently used quarter is forgotten at once. A
/// host that requests are being routed to right now was used moments ago, so an application (or a scan) naming ever
/// new hosts pushes out idle hosts, not the endpoints an in-flight request is about to dial.
/// </summary>
/// <typeparam name="T">What is remembered about a host.</typeparam>
internal sealed class RecentHosts<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, Slot> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _forget = new();
    private long _clock;

    public RecentHosts(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 4);
        Capacity = capacity;
    }

    /// <summary>The most hosts remembered.</summary>
    public int Capacity { get; }

    /// <summary>How many hosts are remembered.</summary>
    public int Count => _hosts.Count;

    /// <summary>Every remembered host with its entry.</summary>
    public IEnumerable<(string Host, T Entry)> Entries => _hosts.Select(h => (h.Key, h.Value.Entry));

    /// <summary>Finds a host and marks it as used now.</summary>
    public bool TryUse(string host, [MaybeNullWhen(false)] out T entry)
    {
        if (_hosts.TryGetValue(host, out var slot))
        {
            slot.LastUsed = Interlocked.Increment(ref _clock);
            entry = slot.Entry;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Finds a host without marking it used (a change notification, not a request).</summary>
    public bool TryGet(string host, [MaybeNullWhen(false)] out T entry)
    {
        entry = _hosts.TryGetValue(host, out var slot) ? slot.Entry : null;
        return entry is not null;
    }

    /// <summary>
    /// Remembers <paramref name="entry"/> for <paramref name="host"/>, used now. Returns the hosts forgotten to make
    /// room for it (none until the capacity is reached); the caller releases what it set up for them.
    /// </summary>
    public IReadOnlyList<(string Host, T Entry)> Remember(string host, T entry)
    {
        IReadOnlyList<(string, T)> forgotten = _hosts.Count >= Capacity && !_hosts.ContainsKey(host) ? ForgetLeastRecentlyUsed() : [];
        _hosts[host] = new Slot(entry, Interlocked.Increment(ref _clock));
        return forgotten;
    }

    /// <summary>Replaces the entry of a remembered host, keeping when it was last used; false when it is not remembered.</summary>
    public bool Update(string host, T entry)
    {
        if (!_hosts.TryGetValue(host, out var slot))
        {
            return false;
        }

        slot.Entry = entry;
        return true;
    }

    private List<(string, T)> ForgetLeastRecentlyUsed()
    {
        lock (_forget)
        {
            // A concurrent caller may have made room already.
            if (_hosts.Count < Capacity)
            {
                return [];
            }

            var forgotten = new List<(string, T)>(Capacity / 4);
            foreach (var (host, _) in _hosts.OrderBy(h => h.Value.LastUsed).Take(Capacity / 4).ToList())
            {
                if (_hosts.TryRemove(host, out var slot))
                {
                    forgotten.Add((host, slot.Entry));
                }
            }

            return forgotten;
        }
    }

    private sealed class Slot(T entry, long lastUsed)
    {
        private T _entry = entry;
        private long _lastUsed = lastUsed;

        public T Entry
        {
            get => Volatile.Read(ref _entry);
            set => Volatile.Write(ref _entry, value);
        }

        public long LastUsed
        {
            get => Volatile.Read(ref _lastUsed);
            set => Volatile.Write(ref _lastUsed, value);
        }
    }
}
