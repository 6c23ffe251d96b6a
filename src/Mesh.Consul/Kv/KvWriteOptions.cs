namespace Mesh.Consul.Kv;

/// <summary>Conditions and lock operations of a KV write.</summary>
public sealed class KvWriteOptions
{
    /// <summary><c>?cas=</c>: write only if the entry's ModifyIndex equals this (0: only if the key is absent).</summary>
    public ulong? Cas { get; init; }

    /// <summary><c>?flags=</c>: opaque flags stored with the value.</summary>
    public ulong? Flags { get; init; }

    /// <summary><c>?acquire=</c>: the session that acquires the lock on the key.</summary>
    public string? Acquire { get; init; }

    /// <summary><c>?release=</c>: the session that releases the lock on the key.</summary>
    public string? Release { get; init; }
}
