using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Forwarding;

/// <summary>Fire-and-forget copies of requests (Istio <c>mirror</c>); the response is discarded.</summary>
internal sealed partial class TrafficMirror(ILogger<TrafficMirror> logger)
{
    private static readonly TimeSpan s_mirrorTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends a copy to <paramref name="endpoint"/> with the Host suffixed <c>-shadow</c>, as Envoy does.</summary>
    public void Send(HttpContext context, EndpointState endpoint, HttpMessageInvoker invoker, byte[]? body)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), endpoint.DestinationPrefix.TrimEnd('/') + request.Path.Value + request.QueryString.Value);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || IsHopByHop(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var host = request.Host;
        message.Headers.Host = host.Port is { } port ? host.Host + "-shadow:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : host.Host + "-shadow";
        _ = SendAsync(invoker, message);
    }

    private async Task SendAsync(HttpMessageInvoker invoker, HttpRequestMessage message)
    {
        using var cts = new CancellationTokenSource(s_mirrorTimeout);
        try
        {
            using var response = await invoker.SendAsync(message, cts.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogMirrorFailed(logger, message.RequestUri, ex);
        }
        catch (OperationCanceledException ex)
        {
            LogMirrorFailed(logger, message.RequestUri, ex);
        }
        finally
        {
            message.Dispose();
        }
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TE", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Mirrored request to {Uri} failed")]
    private static partial void LogMirrorFailed(ILogger logger, Uri? uri, Exception exception);
}
