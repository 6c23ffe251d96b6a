using System.Net;
using System.Security.Cryptography;
using System.Text;
using Mesh.Controller.Configuration;
using Mesh.ControllerApi;

namespace Mesh.Controller.Api;

/// <summary>
/// Bearer-token authorization of <c>/v1/*</c>: the operator token allows everything; the agent token allows
/// <c>/v1/ca/*</c> and reads. Where a token is not configured, its role is granted to loopback clients only.
/// </summary>
internal sealed class TokenAuthMiddleware(RequestDelegate next, ControllerOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var agentAllowed = request.Path.StartsWithSegments("/v1/ca") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var token = BearerToken(request);
        var loopback = context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        if (token is null)
        {
            if (loopback && (options.OperatorToken is null || (agentAllowed && options.AgentToken is null)))
            {
                return next(context);
            }

            return RefuseAsync(
                context,
                StatusCodes.Status401Unauthorized,
                options.OperatorToken is null && options.AgentToken is null
                    ? "No API token is configured, so only local clients are accepted."
                    : "A bearer token is required (meshctl: --token or MESH_CONTROLLER_TOKEN).");
        }

        if (Matches(token, options.OperatorToken))
        {
            return next(context);
        }

        if (Matches(token, options.AgentToken))
        {
            return agentAllowed
                ? next(context)
                : RefuseAsync(context, StatusCodes.Status403Forbidden, "The agent token may only read and use /v1/ca; changes need the operator token.");
        }

        return RefuseAsync(context, StatusCodes.Status401Unauthorized, "The bearer token is not valid.");
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length ? header[prefix.Length..].Trim() : null;
    }

    private static bool Matches(string presented, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Results.Json(new ErrorResponse(message), ControllerApiJsonContext.Default.ErrorResponse, statusCode: status).ExecuteAsync(context);
    }
}
