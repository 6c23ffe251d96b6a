using Mesh.DevCatalog.Kv;

namespace Mesh.DevCatalog;

/// <summary>KV table: entries, deletion markers (tombstones) and lock delays, with Consul's index rules.</summary>
internal sealed partial class CatalogStore
{
    private readonly SortedDictionary<string, KvEntry> _kv = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _tombstones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lockDelays = new(StringComparer.Ordinal);
    private ulong _kvIndex;

    /// <summary>
    /// Reads one key (or every key under a prefix when <paramref name="recurse"/>). The index is the entry's
    /// ModifyIndex for a single key, the highest ModifyIndex or deletion under the prefix for a list, and the KV
    /// table's index (deletions included) when nothing is found.
    /// </summary>
    public QueryResult<IReadOnlyList<KvEntry>> KvGet(string key, bool recurse)
    {
        lock (_gate)
        {
            if (!recurse)
            {
                return _kv.TryGetValue(key, out var entry)
                    ? new(entry.ModifyIndex, [entry])
                    : new(_kvIndex, []);
            }

            var entries = _kv.Values.Where(e => e.Key.StartsWith(key, StringComparison.Ordinal)).ToList();
            return new(PrefixIndex(key, entries), entries);
        }
    }

    /// <summary>Lists key names under a prefix, stopping at <paramref name="separator"/> after the prefix when given.</summary>
    public QueryResult<IReadOnlyList<string>> KvKeys(string prefix, string? separator)
    {
        lock (_gate)
        {
            var entries = _kv.Values.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var keys = new List<string>();
            foreach (var entry in entries)
            {
                var name = entry.Key;
                if (!string.IsNullOrEmpty(separator))
                {
                    var at = name.IndexOf(separator, prefix.Length, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        name = name[..(at + separator.Length)];
                    }
                }

                if (keys.Count == 0 || !string.Equals(keys[^1], name, StringComparison.Ordinal))
                {
                    keys.Add(name);
                }
            }

            return new(PrefixIndex(prefix, entries), keys);
        }
    }

    /// <summary>Plain PUT: always succeeds; an identical write does not move ModifyIndex.</summary>
    public bool KvSet(string key, byte[]? value, ulong flags) => Write(idx =>
    {
        ApplySet(idx, key, value, flags);
        return true;
    });

    /// <summary>PUT ?cas: writes only if the entry's ModifyIndex equals <paramref name="cas"/> (0: only if absent).</summary>
    public bool KvCas(string key, byte[]? value, ulong flags, ulong cas) => Write(idx => ApplyCas(idx, key, value, flags, cas));

    /// <summary>PUT ?acquire: lock-delay refusals answer false; an unknown session is a 500 <c>invalid session</c>.</summary>
    public bool KvAcquire(string key, byte[]? value, ulong flags, string session) => Write(idx =>
    {
        if (_lockDelays.TryGetValue(key, out var until))
        {
            if (until > _time.GetUtcNow())
            {
                return false;
            }

            _lockDelays.Remove(key);
        }

        return ApplyLock(idx, key, value, flags, session);
    });

    /// <summary>PUT ?release: false unless <paramref name="session"/> holds the lock.</summary>
    public bool KvRelease(string key, byte[]? value, ulong flags, string session) => Write(idx => ApplyUnlock(idx, key, value, flags, session));

    /// <summary>DELETE of one key: always true.</summary>
    public bool KvDelete(string key) => Write(idx =>
    {
        ApplyDelete(idx, key);
        return true;
    });

    /// <summary>DELETE ?recurse: always true.</summary>
    public bool KvDeleteTree(string prefix) => Write(idx =>
    {
        ApplyDeleteTree(idx, prefix);
        return true;
    });

    /// <summary>DELETE ?cas: true when deleted or already absent, false on an index mismatch.</summary>
    public bool KvDeleteCas(string key, ulong cas) => Write(idx => ApplyDeleteCas(idx, key, cas));

    /// <summary>Forgets deletion markers, as Consul's tombstone reaping does (a prefix's index can then move backwards).</summary>
    public void ReapTombstones()
    {
        lock (_gate)
        {
            _tombstones.Clear();
        }
    }

    private ulong PrefixIndex(string prefix, List<KvEntry> entries)
    {
        if (prefix.Length == 0)
        {
            return _kvIndex;
        }

        ulong max = entries.Count == 0 ? 0 : entries.Max(e => e.ModifyIndex);
        foreach (var (key, index) in _tombstones)
        {
            if (index > max && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                max = index;
            }
        }

        return max == 0 ? _kvIndex : max;
    }

    private void MarkKv(ulong idx)
    {
        _kvIndex = idx;
        MarkPersistent();
    }

    private KvEntry ApplySet(ulong idx, string key, byte[]? value, ulong flags)
    {
        _kv.TryGetValue(key, out var existing);
        var entry = new KvEntry(existing?.LockIndex ?? 0, key, flags, value, existing?.Session, existing?.CreateIndex ?? idx, idx);
        if (existing is not null && existing.SameContent(entry))
        {
            return existing;
        }

        _kv[key] = entry;
        MarkKv(idx);
        return entry;
    }

    private bool ApplyCas(ulong idx, string key, byte[]? value, ulong flags, ulong cas)
    {
        _kv.TryGetValue(key, out var existing);
        if (cas == 0 ? existing is not null : existing is null || existing.ModifyIndex != cas)
        {
            return false;
        }

        ApplySet(idx, key, value, flags);
        return true;
    }

    private bool ApplyLock(ulong idx, string key, byte[]? value, ulong flags, string session)
    {
        RequireSession(session);
        ulong createIndex = idx, lockIndex = 1;
        if (_kv.TryGetValue(key, out var existing))
        {
            if (string.Equals(existing.Session, session, StringComparison.Ordinal))
            {
                lockIndex = existing.LockIndex;
            }
            else if (existing.Session is not null)
            {
                return false;
            }
            else
            {
                lockIndex = existing.LockIndex + 1;
            }

            createIndex = existing.CreateIndex;
        }

        _kv[key] = new KvEntry(lockIndex, key, flags, value, session, createIndex, idx);
        MarkKv(idx);
        return true;
    }

    private bool ApplyUnlock(ulong idx, string key, byte[]? value, ulong flags, string session)
    {
        if (string.IsNullOrEmpty(session))
        {
            throw new StoreException(500, "missing session");
        }

        if (!_kv.TryGetValue(key, out var existing) || !string.Equals(existing.Session, session, StringComparison.Ordinal))
        {
            return false;
        }

        _kv[key] = new KvEntry(existing.LockIndex, key, flags, value, null, existing.CreateIndex, idx);
        MarkKv(idx);
        return true;
    }

    private bool ApplyDelete(ulong idx, string key)
    {
        if (!_kv.Remove(key))
        {
            return false;
        }

        _tombstones[key] = idx;
        MarkKv(idx);
        return true;
    }

    private void ApplyDeleteTree(ulong idx, string prefix)
    {
        foreach (var key in _kv.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            ApplyDelete(idx, key);
        }
    }

    private bool ApplyDeleteCas(ulong idx, string key, ulong cas)
    {
        if (!_kv.TryGetValue(key, out var existing))
        {
            return true;
        }

        if (existing.ModifyIndex != cas)
        {
            return false;
        }

        ApplyDelete(idx, key);
        return true;
    }
}
