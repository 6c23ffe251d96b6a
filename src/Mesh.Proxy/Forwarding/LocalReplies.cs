using System.Globalization;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Forwarding;

/// <summary>Routes answered by the proxy itself: redirects and direct responses.</summary>
internal static class LocalReplies
{
    /// <summary>Writes an Istio <c>redirect</c> reply.</summary>
    public static Task RedirectAsync(HttpContext context, HttpRedirect redirect)
    {
        var request = context.Request;
        var scheme = redirect.Scheme ?? request.Scheme;
        var host = redirect.Authority ?? request.Host.Host;
        var port = redirect.Port ?? (redirect.Authority is null ? request.Host.Port : null);
        var path = redirect.Uri ?? (request.PathBase + request.Path).Value;
        var location = scheme + "://" + host + (port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "") + path + request.QueryString.Value;
        context.Response.StatusCode = redirect.RedirectCode;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    /// <summary>Writes an Istio <c>direct_response</c> reply.</summary>
    public static Task DirectAsync(HttpContext context, HttpDirectResponse direct)
    {
        context.Response.StatusCode = direct.Status;
        if (direct.Body is { } body)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(body, context.RequestAborted);
        }

        return Task.CompletedTask;
    }
}
