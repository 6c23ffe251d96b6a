using System.Text.Json;

namespace Mesh.DevCatalog.Txn;

/// <summary>One element of the <c>/v1/txn</c> body; only KV operations are supported here.</summary>
internal sealed class TxnOp
{
    /// <summary>A KV operation.</summary>
    public TxnKvOp? KV { get; set; }

    /// <summary>Node operation (unsupported by the dev catalog).</summary>
    public JsonElement? Node { get; set; }

    /// <summary>Service operation (unsupported by the dev catalog).</summary>
    public JsonElement? Service { get; set; }

    /// <summary>Check operation (unsupported by the dev catalog).</summary>
    public JsonElement? Check { get; set; }
}
