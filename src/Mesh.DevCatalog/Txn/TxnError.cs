namespace Mesh.DevCatalog.Txn;

/// <summary>Why an operation made the transaction roll back.</summary>
internal sealed record TxnError(int OpIndex, string What);
