using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Hosting;

/// <summary>
/// A small router with Consul's edges: exact paths or prefixes ending in '/' (the rest of the path goes to the handler),
/// 405 "method X not allowed" with an Allow header, 404 for unknown paths, and <see cref="StoreException"/> mapped to
/// its status with a plain-text body.
/// </summary>
internal sealed class ApiRouter
{
    private readonly List<(string Path, string[] Methods, Func<HttpContext, string, Task> Handler)> _routes = [];

    /// <summary>Adds a route; a <paramref name="path"/> ending in '/' matches every path under it.</summary>
    public void Map(string path, string[] methods, Func<HttpContext, string, Task> handler)
    {
        _routes.Add((path, methods, handler));
        _routes.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
    }

    /// <summary>Dispatches one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        foreach (var (prefix, methods, handler) in _routes)
        {
            var isPrefix = prefix.EndsWith('/');
            if (isPrefix ? !path.StartsWith(prefix, StringComparison.Ordinal) : !string.Equals(path, prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!methods.Contains(context.Request.Method, StringComparer.Ordinal))
            {
                context.Response.Headers.Allow = string.Join(", ", methods);
                await HttpIo.WriteText(context.Response, StatusCodes.Status405MethodNotAllowed, $"method {context.Request.Method} not allowed").ConfigureAwait(false);
                return;
            }

            try
            {
                await handler(context, isPrefix ? path[prefix.Length..] : string.Empty).ConfigureAwait(false);
            }
            catch (StoreException e) when (!context.Response.HasStarted)
            {
                await HttpIo.WriteText(context.Response, e.StatusCode, e.Message).ConfigureAwait(false);
            }
            catch (JsonException e) when (!context.Response.HasStarted)
            {
                await HttpIo.WriteText(context.Response, StatusCodes.Status400BadRequest, $"Request decode failed: {e.Message}").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away during a blocking query.
            }

            return;
        }

        await HttpIo.WriteText(context.Response, StatusCodes.Status404NotFound, "404 page not found").ConfigureAwait(false);
    }
}
