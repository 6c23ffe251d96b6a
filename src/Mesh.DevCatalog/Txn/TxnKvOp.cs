namespace Mesh.DevCatalog.Txn;

/// <summary>The <c>KV</c> part of a transaction operation; <c>Value</c> is base64 on the wire.</summary>
internal sealed class TxnKvOp
{
    /// <summary>set, cas, lock, unlock, get, get-tree, check-index, check-session, check-not-exists, delete, delete-tree, delete-cas.</summary>
    public string? Verb { get; set; }

    /// <summary>Key (or prefix for the *-tree verbs).</summary>
    public string? Key { get; set; }

    /// <summary>Value to write.</summary>
    public byte[]? Value { get; set; }

    /// <summary>Flags to write.</summary>
    public ulong Flags { get; set; }

    /// <summary>Index for cas, check-index and delete-cas.</summary>
    public ulong Index { get; set; }

    /// <summary>Session for lock, unlock and check-session.</summary>
    public string? Session { get; set; }
}
