using Mesh.DevCatalog.Kv;

namespace Mesh.DevCatalog.Txn;

/// <summary>One result of a committed transaction.</summary>
internal sealed record TxnResult(KvEntry KV);
