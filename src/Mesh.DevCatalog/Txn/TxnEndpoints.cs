using System.Globalization;
using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Txn;

/// <summary><c>PUT /v1/txn</c>: up to 64 KV operations, 200 when committed, 409 when rolled back, 413 when too many or too large.</summary>
internal sealed class TxnEndpoints(CatalogStore store)
{
    private const int MaxOps = 64;

    /// <summary>Adds the route (PUT only: a POST is a 405, as in Consul).</summary>
    public void Map(ApiRouter router) => router.Map("/v1/txn", ["PUT"], HandleAsync);

    private async Task HandleAsync(HttpContext context, string rest)
    {
        var ops = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.ListTxnOp).ConfigureAwait(false) ?? [];
        if (ops.Count > MaxOps)
        {
            throw new StoreException(StatusCodes.Status413RequestEntityTooLarge, string.Create(CultureInfo.InvariantCulture, $"Transaction contains too many operations ({ops.Count} > {MaxOps})"));
        }

        var kvOps = new List<TxnKvOp>(ops.Count);
        foreach (var op in ops)
        {
            if (op.KV is null)
            {
                throw new StoreException(StatusCodes.Status400BadRequest, "The dev catalog supports only KV operations in transactions");
            }

            if (op.KV.Value is { Length: > HttpIo.MaxValueSize } value)
            {
                throw new StoreException(StatusCodes.Status413RequestEntityTooLarge, string.Create(CultureInfo.InvariantCulture, $"Value for key \"{op.KV.Key}\" is too large ({value.Length} > {HttpIo.MaxValueSize} bytes)"));
            }

            kvOps.Add(op.KV);
        }

        var response = store.ApplyTxn(kvOps);
        var status = response.Errors is null ? StatusCodes.Status200OK : StatusCodes.Status409Conflict;
        await HttpIo.WriteJson(context.Response, response, CatalogJsonContext.Default.TxnResponse, status).ConfigureAwait(false);
    }
}
