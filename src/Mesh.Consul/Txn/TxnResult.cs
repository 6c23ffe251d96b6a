using Mesh.Consul.Kv;

namespace Mesh.Consul.Txn;

/// <summary>The outcome of a transaction: committed with results, or rolled back with errors.</summary>
public sealed class TxnResult
{
    /// <summary>Whether every operation was applied (200); <see langword="false"/> when rolled back (409).</summary>
    public bool Committed { get; init; }

    /// <summary>The entries the operations returned, in order (empty when rolled back).</summary>
    public IReadOnlyList<KvEntry> Results { get; init; } = [];

    /// <summary>The operations that failed (empty when committed).</summary>
    public IReadOnlyList<TxnError> Errors { get; init; } = [];
}
