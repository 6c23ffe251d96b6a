using Mesh.DevCatalog.Kv;
using Mesh.DevCatalog.Txn;

namespace Mesh.DevCatalog;

/// <summary>KV transactions: every operation at one index, all or nothing, errors worded as Consul's.</summary>
internal sealed partial class CatalogStore
{
    /// <summary>Applies the operations atomically; any failing operation rolls everything back and is reported by index.</summary>
    public TxnResponse ApplyTxn(IReadOnlyList<TxnKvOp> ops)
    {
        lock (_gate)
        {
            var kv = new SortedDictionary<string, KvEntry>(_kv, StringComparer.Ordinal);
            var tombstones = new Dictionary<string, ulong>(_tombstones, StringComparer.Ordinal);
            var kvIndex = _kvIndex;
            var idx = _index + 1;
            _pending = false;
            _persistPending = false;
            var results = new List<TxnResult>();
            var errors = new List<TxnError>();
            for (var i = 0; i < ops.Count; i++)
            {
                try
                {
                    results.AddRange(ApplyTxnOp(idx, ops[i]));
                }
                catch (StoreException e)
                {
                    errors.Add(new TxnError(i, e.Message));
                }
            }

            if (errors.Count > 0)
            {
                Restore(_kv, kv);
                Restore(_tombstones, tombstones);
                _kvIndex = kvIndex;
                _pending = false;
                _persistPending = false;
                return new TxnResponse(null, errors);
            }

            if (_pending)
            {
                Commit(idx);
            }

            return new TxnResponse(results, null);
        }
    }

    private static void Restore<TValue>(IDictionary<string, TValue> target, IDictionary<string, TValue> saved)
    {
        target.Clear();
        foreach (var (key, value) in saved)
        {
            target[key] = value;
        }
    }

    private List<TxnResult> ApplyTxnOp(ulong idx, TxnKvOp op)
    {
        var key = op.Key ?? string.Empty;
        var session = op.Session ?? string.Empty;
        switch (op.Verb)
        {
            case "set":
                ApplySet(idx, key, op.Value, op.Flags);
                return Current(key);
            case "cas":
                return ApplyCas(idx, key, op.Value, op.Flags, op.Index) ? Current(key) : throw Fail($"failed to set key \"{key}\", index is stale");
            case "lock":
                // Like Consul, lock-delay is only enforced by the KV endpoint, not inside transactions.
                return ApplyLock(idx, key, op.Value, op.Flags, session) ? Current(key) : throw Fail($"failed to lock key \"{key}\", lock is already held");
            case "unlock":
                return ApplyUnlock(idx, key, op.Value, op.Flags, session) ? Current(key) : throw Fail($"failed to unlock key \"{key}\", lock isn't held, or is held by another session");
            case "get":
                return _kv.TryGetValue(key, out var entry) ? [new TxnResult(entry)] : throw Fail($"key \"{key}\" doesn't exist");
            case "get-tree":
                return _kv.Values.Where(e => e.Key.StartsWith(key, StringComparison.Ordinal)).Select(e => new TxnResult(e)).ToList();
            case "check-index":
                return !_kv.TryGetValue(key, out var indexed) ? throw Fail($"failed to check index, key \"{key}\" doesn't exist")
                    : indexed.ModifyIndex != op.Index ? throw Fail($"failed index check for key \"{key}\", current modify index {indexed.ModifyIndex} != {op.Index}")
                    : Current(key);
            case "check-session":
                return !_kv.TryGetValue(key, out var locked) ? throw Fail($"failed to check session, key \"{key}\" doesn't exist")
                    : !string.Equals(locked.Session ?? string.Empty, session, StringComparison.Ordinal) ? throw Fail($"failed session check for key \"{key}\", current session \"{locked.Session}\" != \"{session}\"")
                    : Current(key);
            case "check-not-exists":
                return _kv.ContainsKey(key) ? throw Fail($"key \"{key}\" exists") : [];
            case "delete":
                ApplyDelete(idx, key);
                return [];
            case "delete-tree":
                ApplyDeleteTree(idx, key);
                return [];
            case "delete-cas":
                return ApplyDeleteCas(idx, key, op.Index) ? [] : throw Fail($"failed to delete key \"{key}\", index is stale");
            default:
                throw Fail($"unknown KV verb \"{op.Verb}\"");
        }
    }

    private static StoreException Fail(string what) => new(409, what);

    private List<TxnResult> Current(string key) => [new TxnResult(_kv[key].WithoutValue())];
}
