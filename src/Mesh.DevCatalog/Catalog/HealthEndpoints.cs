using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Catalog;

/// <summary><c>/v1/catalog/services</c>, <c>/v1/catalog/service/&lt;name&gt;</c> and <c>/v1/health/service/&lt;name&gt;</c>, blocking on the catalog index.</summary>
internal sealed class HealthEndpoints(CatalogStore store)
{
    /// <summary>Adds the routes.</summary>
    public void Map(ApiRouter router)
    {
        router.Map("/v1/catalog/services", ["GET"], ServicesAsync);
        router.Map("/v1/catalog/service/", ["GET"], ServiceAsync);
        router.Map("/v1/health/service/", ["GET"], HealthAsync);
    }

    private static string[] Tags(HttpRequest request) =>
        request.Query.TryGetValue("tag", out var tags) ? tags.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToArray() : [];

    private static void RequireName(string name)
    {
        if (name.Length == 0)
        {
            throw new StoreException(StatusCodes.Status400BadRequest, "Missing service name");
        }
    }

    private async Task ServicesAsync(HttpContext context, string rest)
    {
        var (index, wait) = HttpIo.Blocking(context.Request);
        var result = await store.QueryAsync(index, wait, store.CatalogServices, context.RequestAborted).ConfigureAwait(false);
        await HttpIo.WriteQuery(context.Response, result.Index, result.Value, CatalogJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListString).ConfigureAwait(false);
    }

    private async Task ServiceAsync(HttpContext context, string name)
    {
        RequireName(name);
        var tags = Tags(context.Request);
        var (index, wait) = HttpIo.Blocking(context.Request);
        var result = await store.QueryAsync(index, wait, () => store.CatalogService(name, tags), context.RequestAborted).ConfigureAwait(false);
        await HttpIo.WriteQuery(context.Response, result.Index, result.Value, CatalogJsonContext.Default.IReadOnlyListCatalogServiceEntry).ConfigureAwait(false);
    }

    private async Task HealthAsync(HttpContext context, string name)
    {
        RequireName(name);
        var tags = Tags(context.Request);
        var passing = HttpIo.Get(context.Request, "passing") is { } flag && flag is not ("false" or "0");
        var (index, wait) = HttpIo.Blocking(context.Request);
        var result = await store.QueryAsync(index, wait, () => store.HealthService(name, tags, passing), context.RequestAborted).ConfigureAwait(false);
        await HttpIo.WriteQuery(context.Response, result.Index, result.Value, CatalogJsonContext.Default.IReadOnlyListHealthEntry).ConfigureAwait(false);
    }
}
