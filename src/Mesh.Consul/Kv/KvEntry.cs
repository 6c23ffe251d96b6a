namespace Mesh.Consul.Kv;

/// <summary>One key/value entry as Consul stores it.</summary>
public sealed class KvEntry
{
    /// <summary>The full key.</summary>
    public required string Key { get; init; }

    /// <summary>The index that created the entry.</summary>
    public ulong CreateIndex { get; init; }

    /// <summary>The index that last modified the entry (what <c>cas</c> compares with).</summary>
    public ulong ModifyIndex { get; init; }

    /// <summary>How many times a lock on the entry was acquired.</summary>
    public ulong LockIndex { get; init; }

    /// <summary>Opaque flags stored with the value.</summary>
    public ulong Flags { get; init; }

    /// <summary>The value (base64 on the wire); <see langword="null"/> when stored without one.</summary>
#pragma warning disable CA1819 // A DTO mirroring Consul's JSON; copying would cost for nothing.
    public byte[]? Value { get; init; }
#pragma warning restore CA1819

    /// <summary>The session holding the lock on the entry, if any.</summary>
    public string? Session { get; init; }
}
