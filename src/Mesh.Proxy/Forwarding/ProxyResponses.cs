using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Forwarding;

/// <summary>Local replies the proxy writes itself, with Envoy's wording where Envoy has one.</summary>
internal static class ProxyResponses
{
    /// <summary>Header set on circuit-breaker overflow replies.</summary>
    public const string OverflowHeader = "x-mesh-overflow";

    /// <summary>Writes a plain-text reply unless the response already started.</summary>
    public static Task WriteAsync(HttpContext context, int status, string body)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Clears a response a failed attempt left behind, so the next attempt starts clean.</summary>
    public static void Reset(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.Clear();
    }
}
