using System.Text.Json;
using Mesh.Consul;
using Mesh.ControllerApi;

namespace Mesh.Controller.Api;

/// <summary>Turns failures of the backend into error answers the CLI understands.</summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException && !context.Response.HasStarted)
        {
            LogBackendFailed(logger, e, context.Request.Path);
            await Results.Json(new ErrorResponse($"Consul is unavailable: {e.Message}"), ControllerApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException && !context.Response.HasStarted)
        {
            LogBackendFailed(logger, e, context.Request.Path);
            await Results.Json(new ErrorResponse(e.Message), ControllerApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status500InternalServerError)
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogBackendFailed(ILogger logger, Exception exception, PathString path);
}
