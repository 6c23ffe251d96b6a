namespace Mesh.Consul.Txn;

/// <summary>One KV operation of a transaction; build it with the factory method of its verb.</summary>
public sealed class TxnOp
{
    private TxnOp(string verb, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Verb = verb;
        Key = key;
    }

    /// <summary>Consul's verb (<c>set</c>, <c>cas</c>, <c>get-tree</c>...).</summary>
    public string Verb { get; }

    /// <summary>The key (or prefix for tree verbs).</summary>
    public string Key { get; }

    /// <summary>The value written by <c>set</c>, <c>cas</c>, <c>lock</c> and <c>unlock</c>.</summary>
    public ReadOnlyMemory<byte>? Value { get; private init; }

    /// <summary>Flags written with the value.</summary>
    public ulong? Flags { get; private init; }

    /// <summary>The ModifyIndex compared by <c>cas</c>, <c>check-index</c> and <c>delete-cas</c>.</summary>
    public ulong? Index { get; private init; }

    /// <summary>The session of <c>lock</c>, <c>unlock</c> and <c>check-session</c>.</summary>
    public string? Session { get; private init; }

    /// <summary>Sets the key to a value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="flags">Optional flags.</param>
    public static TxnOp Set(string key, ReadOnlyMemory<byte> value, ulong? flags = null) =>
        new("set", key) { Value = value, Flags = flags };

    /// <summary>Sets the key only if its ModifyIndex equals <paramref name="index"/> (0: only if absent).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="index">The expected ModifyIndex.</param>
    /// <param name="flags">Optional flags.</param>
    public static TxnOp Cas(string key, ReadOnlyMemory<byte> value, ulong index, ulong? flags = null) =>
        new("cas", key) { Value = value, Index = index, Flags = flags };

    /// <summary>Acquires the lock on the key for a session and sets its value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="session">The session.</param>
    public static TxnOp Lock(string key, ReadOnlyMemory<byte> value, string session) =>
        new("lock", key) { Value = value, Session = RequireSession(session) };

    /// <summary>Releases the session's lock on the key and sets its value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="session">The session.</param>
    public static TxnOp Unlock(string key, ReadOnlyMemory<byte> value, string session) =>
        new("unlock", key) { Value = value, Session = RequireSession(session) };

    /// <summary>Reads the key (fails the transaction if it is missing).</summary>
    /// <param name="key">The key.</param>
    public static TxnOp Get(string key) => new("get", key);

    /// <summary>Reads every entry under a prefix.</summary>
    /// <param name="prefix">The prefix.</param>
    public static TxnOp GetTree(string prefix) => new("get-tree", prefix);

    /// <summary>Fails the transaction unless the key's ModifyIndex equals <paramref name="index"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="index">The expected ModifyIndex.</param>
    public static TxnOp CheckIndex(string key, ulong index) => new("check-index", key) { Index = index };

    /// <summary>Fails the transaction unless the key is locked by <paramref name="session"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="session">The session.</param>
    public static TxnOp CheckSession(string key, string session) => new("check-session", key) { Session = RequireSession(session) };

    /// <summary>Fails the transaction if the key exists.</summary>
    /// <param name="key">The key.</param>
    public static TxnOp CheckNotExists(string key) => new("check-not-exists", key);

    /// <summary>Deletes the key.</summary>
    /// <param name="key">The key.</param>
    public static TxnOp Delete(string key) => new("delete", key);

    /// <summary>Deletes every entry under a prefix.</summary>
    /// <param name="prefix">The prefix.</param>
    public static TxnOp DeleteTree(string prefix) => new("delete-tree", prefix);

    /// <summary>Deletes the key only if its ModifyIndex equals <paramref name="index"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="index">The expected ModifyIndex.</param>
    public static TxnOp DeleteCas(string key, ulong index) => new("delete-cas", key) { Index = index };

    internal TxnOpWire ToWire() => new()
    {
        KV = new TxnKvWire
        {
            Verb = Verb,
            Key = Key,
            Value = Value?.ToArray(),
            Flags = Flags,
            Index = Index,
            Session = Session,
        },
    };

    private static string RequireSession(string session)
    {
        ArgumentException.ThrowIfNullOrEmpty(session);
        return session;
    }
}
