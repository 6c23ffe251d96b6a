namespace Mesh.DevCatalog.Txn;

/// <summary>The body of a <c>/v1/txn</c> answer: results when committed (200), errors when rolled back (409).</summary>
internal sealed record TxnResponse(IReadOnlyList<TxnResult>? Results, IReadOnlyList<TxnError>? Errors);
