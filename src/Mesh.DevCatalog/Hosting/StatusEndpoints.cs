namespace Mesh.DevCatalog.Hosting;

/// <summary><c>/v1/status/leader</c> and <c>/v1/status/peers</c>: the dev catalog is always its own leader.</summary>
internal static class StatusEndpoints
{
    private const string Leader = "127.0.0.1:8300";

    /// <summary>Adds the routes.</summary>
    public static void Map(ApiRouter router)
    {
        router.Map("/v1/status/leader", ["GET"], (c, _) => HttpIo.WriteJson(c.Response, Leader, CatalogJsonContext.Default.String));
        router.Map("/v1/status/peers", ["GET"], (c, _) => HttpIo.WriteJson(c.Response, [Leader], CatalogJsonContext.Default.IReadOnlyListString));
    }
}
