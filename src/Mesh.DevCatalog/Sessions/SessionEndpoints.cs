using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Sessions;

/// <summary><c>/v1/session/*</c>: create, renew, destroy, info, list (the reads block on the sessions index).</summary>
internal sealed class SessionEndpoints(CatalogStore store)
{
    /// <summary>Adds the routes.</summary>
    public void Map(ApiRouter router)
    {
        router.Map("/v1/session/create", ["PUT"], CreateAsync);
        router.Map("/v1/session/renew/", ["PUT"], RenewAsync);
        router.Map("/v1/session/destroy/", ["PUT"], DestroyAsync);
        router.Map("/v1/session/info/", ["GET"], InfoAsync);
        router.Map("/v1/session/list", ["GET"], ListAsync);
    }

    private static void RequireId(string id)
    {
        if (id.Length == 0)
        {
            throw new StoreException(StatusCodes.Status400BadRequest, "Missing session");
        }
    }

    private async Task CreateAsync(HttpContext context, string rest)
    {
        var request = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.SessionCreateRequest).ConfigureAwait(false) ?? new SessionCreateRequest();
        var session = store.CreateSession(request);
        await HttpIo.WriteJson(context.Response, new SessionCreated(session.ID), CatalogJsonContext.Default.SessionCreated).ConfigureAwait(false);
    }

    private async Task RenewAsync(HttpContext context, string id)
    {
        RequireId(id);
        var session = store.RenewSession(id);
        if (session is null)
        {
            await HttpIo.WriteText(context.Response, StatusCodes.Status404NotFound, $"Session id '{id}' not found").ConfigureAwait(false);
            return;
        }

        await HttpIo.WriteJson(context.Response, [session], CatalogJsonContext.Default.IReadOnlyListSessionEntry).ConfigureAwait(false);
    }

    private async Task DestroyAsync(HttpContext context, string id)
    {
        RequireId(id);
        await HttpIo.WriteJson(context.Response, store.DestroySession(id), CatalogJsonContext.Default.Boolean).ConfigureAwait(false);
    }

    private async Task InfoAsync(HttpContext context, string id)
    {
        RequireId(id);
        var (index, wait) = HttpIo.Blocking(context.Request);
        var result = await store.QueryAsync(index, wait, () => store.SessionInfo(id), context.RequestAborted).ConfigureAwait(false);
        await HttpIo.WriteQuery(context.Response, result.Index, result.Value, CatalogJsonContext.Default.IReadOnlyListSessionEntry).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context, string rest)
    {
        var (index, wait) = HttpIo.Blocking(context.Request);
        var result = await store.QueryAsync(index, wait, store.SessionList, context.RequestAborted).ConfigureAwait(false);
        await HttpIo.WriteQuery(context.Response, result.Index, result.Value, CatalogJsonContext.Default.IReadOnlyListSessionEntry).ConfigureAwait(false);
    }
}
