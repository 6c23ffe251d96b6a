using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Catalog;

/// <summary><c>PUT /v1/catalog/register</c> and <c>PUT /v1/catalog/deregister</c>: nodes other than the catalog's own, with their meta, services and checks.</summary>
internal sealed class CatalogEndpoints(CatalogStore store)
{
    /// <summary>Adds the routes.</summary>
    public void Map(ApiRouter router)
    {
        router.Map("/v1/catalog/register", ["PUT"], RegisterAsync);
        router.Map("/v1/catalog/deregister", ["PUT"], DeregisterAsync);
    }

    private async Task RegisterAsync(HttpContext context, string rest)
    {
        var registration = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.CatalogRegistration).ConfigureAwait(false)
            ?? throw new StoreException(StatusCodes.Status400BadRequest, "Request decode failed: empty body");
        store.CatalogRegister(registration);
        await HttpIo.WriteJson(context.Response, true, CatalogJsonContext.Default.Boolean).ConfigureAwait(false);
    }

    private async Task DeregisterAsync(HttpContext context, string rest)
    {
        var deregistration = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.CatalogDeregistration).ConfigureAwait(false)
            ?? throw new StoreException(StatusCodes.Status400BadRequest, "Request decode failed: empty body");
        store.CatalogDeregister(deregistration);
        await HttpIo.WriteJson(context.Response, true, CatalogJsonContext.Default.Boolean).ConfigureAwait(false);
    }
}
