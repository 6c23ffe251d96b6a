namespace Mesh.Consul.Txn;

/// <summary>Why an operation made a transaction roll back.</summary>
public sealed class TxnError
{
    /// <summary>The index of the failing operation in the request.</summary>
    public int OpIndex { get; init; }

    /// <summary>Consul's description of the failure.</summary>
    public string What { get; init; } = string.Empty;
}
