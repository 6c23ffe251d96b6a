using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Kv;

/// <summary><c>/v1/kv/&lt;key&gt;</c>: GET (recurse, keys, separator, raw, blocking), PUT (flags, cas, acquire, release), DELETE (recurse, cas).</summary>
internal sealed class KvEndpoints(CatalogStore store)
{
    /// <summary>Adds the routes.</summary>
    public void Map(ApiRouter router) => router.Map("/v1/kv/", ["GET", "PUT", "DELETE"], HandleAsync);

    private static string ConflictingFlags(HttpRequest request) =>
        "Conflicting flags: " + string.Join('&', request.Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))) + "\n";

    private static bool Conflict(HttpRequest request, params string[] flags) => flags.Count(f => HttpIo.Has(request, f)) > 1;

    private Task HandleAsync(HttpContext context, string key) => context.Request.Method switch
    {
        "GET" => HttpIo.Has(context.Request, "keys") ? GetKeysAsync(context, key) : GetAsync(context, key),
        "PUT" => PutAsync(context, key),
        _ => DeleteAsync(context, key),
    };

    private async Task GetAsync(HttpContext context, string key)
    {
        var request = context.Request;
        var recurse = HttpIo.Has(request, "recurse");
        if (!recurse && key.Length == 0)
        {
            throw new StoreException(400, "Missing key name");
        }

        var (index, wait) = HttpIo.Blocking(request);
        var result = await store.QueryAsync(index, wait, () => store.KvGet(key, recurse), context.RequestAborted).ConfigureAwait(false);
        HttpIo.SetQueryMeta(context.Response, result.Index);
        if (result.Value.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpIo.Has(request, "raw") && !recurse)
        {
            var body = result.Value[0].Value ?? [];
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = body.Length;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "sandbox";
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await HttpIo.WriteJson(context.Response, result.Value, CatalogJsonContext.Default.IReadOnlyListKvEntry).ConfigureAwait(false);
    }

    private async Task GetKeysAsync(HttpContext context, string prefix)
    {
        var request = context.Request;
        // "seperator" is Consul's historic spelling, still accepted.
        var separator = HttpIo.Get(request, "separator") ?? HttpIo.Get(request, "seperator");
        var (index, wait) = HttpIo.Blocking(request);
        var result = await store.QueryAsync(index, wait, () => store.KvKeys(prefix, separator), context.RequestAborted).ConfigureAwait(false);
        HttpIo.SetQueryMeta(context.Response, result.Index);
        if (result.Value.Count == 0 && prefix.Length > 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await HttpIo.WriteJson(context.Response, result.Value, CatalogJsonContext.Default.IReadOnlyListString).ConfigureAwait(false);
    }

    private async Task PutAsync(HttpContext context, string key)
    {
        var request = context.Request;
        if (key.Length == 0)
        {
            throw new StoreException(400, "Missing key name");
        }

        if (Conflict(request, "cas", "acquire", "release"))
        {
            await HttpIo.WriteText(context.Response, StatusCodes.Status400BadRequest, ConflictingFlags(request)).ConfigureAwait(false);
            return;
        }

        var flags = HttpIo.GetUInt64(request, "flags") ?? 0;
        var cas = HttpIo.GetUInt64(request, "cas");
        var body = await HttpIo.ReadBody(request, HttpIo.MaxValueSize).ConfigureAwait(false);
        byte[]? value = body.Length == 0 ? null : body;
        bool ok;
        if (HttpIo.Get(request, "release") is { } release)
        {
            ok = store.KvRelease(key, value, flags, release);
        }
        else if (HttpIo.Get(request, "acquire") is { } acquire)
        {
            ok = store.KvAcquire(key, value, flags, acquire);
        }
        else if (cas is { } casIndex)
        {
            ok = store.KvCas(key, value, flags, casIndex);
        }
        else
        {
            ok = store.KvSet(key, value, flags);
        }

        await HttpIo.WriteJson(context.Response, ok, CatalogJsonContext.Default.Boolean).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, string key)
    {
        var request = context.Request;
        if (Conflict(request, "recurse", "cas"))
        {
            await HttpIo.WriteText(context.Response, StatusCodes.Status400BadRequest, ConflictingFlags(request)).ConfigureAwait(false);
            return;
        }

        bool ok;
        if (HttpIo.Has(request, "recurse"))
        {
            ok = store.KvDeleteTree(key);
        }
        else if (key.Length == 0)
        {
            throw new StoreException(400, "Missing key name");
        }
        else if (HttpIo.GetUInt64(request, "cas") is { } cas)
        {
            ok = store.KvDeleteCas(key, cas);
        }
        else
        {
            ok = store.KvDelete(key);
        }

        await HttpIo.WriteJson(context.Response, ok, CatalogJsonContext.Default.Boolean).ConfigureAwait(false);
    }
}
