using Mesh.Consul.Kv;

namespace Mesh.Consul.Txn;

/// <summary>The JSON shape of one transaction operation: <c>{"KV": {...}}</c>.</summary>
internal sealed class TxnOpWire
{
    public TxnKvWire? KV { get; init; }
}

/// <summary>The JSON shape of a KV operation.</summary>
internal sealed class TxnKvWire
{
    public required string Verb { get; init; }

    public required string Key { get; init; }

    public byte[]? Value { get; init; }

    public ulong? Flags { get; init; }

    public ulong? Index { get; init; }

    public string? Session { get; init; }
}

/// <summary>The JSON shape of a transaction response.</summary>
internal sealed class TxnResponseWire
{
    public List<TxnResultWire>? Results { get; init; }

    public List<TxnError>? Errors { get; init; }
}

/// <summary>The JSON shape of one result: <c>{"KV": entry}</c>.</summary>
internal sealed class TxnResultWire
{
    public KvEntry? KV { get; init; }
}
