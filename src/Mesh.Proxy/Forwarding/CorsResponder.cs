using Mesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Envoy's CORS filter: answers preflights from allowed origins itself, passes other preflights on, and adds
/// <c>Access-Control-Allow-Origin</c>, <c>-Expose-Headers</c> and <c>-Allow-Credentials</c> to every response
/// (upstream or local) of a request with an allowed <c>Origin</c>.
/// </summary>
internal static class CorsResponder
{
    /// <summary>Applies the policy; returns true when the request was answered (an allowed preflight).</summary>
    public static async ValueTask<bool> ApplyAsync(HttpContext context, CompiledCors cors)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (!cors.IsOriginAllowed(origin))
        {
            // Not allowed (or no Origin): no CORS headers; a preflight goes on to the upstream as Envoy does.
            return false;
        }

        if (IsPreflight(request))
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            var headers = response.Headers;
            headers.AccessControlAllowOrigin = origin;
            if (cors.AllowCredentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }

            if (cors.AllowMethods is { } methods)
            {
                headers.AccessControlAllowMethods = methods;
            }

            if (cors.AllowHeaders is { } allowHeaders)
            {
                headers.AccessControlAllowHeaders = allowHeaders;
            }

            if (cors.MaxAge is { } maxAge)
            {
                headers.AccessControlMaxAge = maxAge;
            }

            headers.ContentLength = 0;
            await response.CompleteAsync().ConfigureAwait(false);
            return true;
        }

        context.Response.OnStarting(static state =>
        {
            var (ctx, policy, allowedOrigin) = ((HttpContext, CompiledCors, string))state;
            var headers = ctx.Response.Headers;
            headers.AccessControlAllowOrigin = allowedOrigin;
            if (policy.AllowCredentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }

            if (policy.ExposeHeaders is { } expose)
            {
                headers.AccessControlExposeHeaders = expose;
            }

            return Task.CompletedTask;
        }, (context, cors, origin));
        return false;
    }

    /// <summary>An <c>OPTIONS</c> request with <c>Origin</c> and a non-empty <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey(HeaderNames.Origin)
        && !string.IsNullOrEmpty(request.Headers.AccessControlRequestMethod.ToString());
}
