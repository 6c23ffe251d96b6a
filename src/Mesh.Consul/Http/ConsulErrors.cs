using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Mesh.Consul.Http;

/// <summary>Turns an error response or a transport failure into the matching <see cref="ConsulException"/>.</summary>
internal static class ConsulErrors
{
    /// <summary>The exception for a non-success response.</summary>
    public static ConsulException FromResponse(HttpResponseMessage response, string body)
    {
        var operation = Operation(response.RequestMessage);
        var status = response.StatusCode;
        return status switch
        {
            HttpStatusCode.Forbidden => new ConsulPermissionDeniedException(operation, body),
            HttpStatusCode.NotFound => new ConsulNotFoundException(operation, body),
            HttpStatusCode.ServiceUnavailable => new ConsulNoLeaderException(operation, status, body),
            HttpStatusCode.InternalServerError when body.Contains("No cluster leader", StringComparison.OrdinalIgnoreCase)
                => new ConsulNoLeaderException(operation, status, body),
            _ => new ConsulException(status, body),
        };
    }

    /// <summary>The exception for a request that got no response at all.</summary>
    public static ConsulUnreachableException Unreachable(Uri address, Exception exception, ConsulClientOptions options) =>
        new(address, Reason(exception, options), exception);

    private static string Operation(HttpRequestMessage? request) =>
        request?.RequestUri is { } uri ? $"{request.Method} {uri.AbsolutePath}" : "the request";

    private static string Reason(Exception exception, ConsulClientOptions options)
    {
        if (exception is TaskCanceledException or TimeoutException)
        {
            return "the request timed out";
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return TlsReason(tls, options);
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.TimedOut => "connection timed out",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name could not be resolved",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to host",
                SocketError.ConnectionReset => "connection reset by the server",
                _ => socket.Message,
            };
        }

        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } secure)
        {
            return $"TLS handshake failed: {Innermost(secure).Message}";
        }

        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } ended
            && options.Address.Scheme == Uri.UriSchemeHttps)
        {
            return $"the server closed the TLS connection ({Innermost(ended).Message}); it may require a client certificate (CertFile/KeyFile) it did not get or trust";
        }

        return Innermost(exception).Message;
    }

    private static string TlsReason(AuthenticationException tls, ConsulClientOptions options)
    {
        var message = tls.Message;
        if (message.Contains("certificate", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("remote", StringComparison.OrdinalIgnoreCase) || message.Contains("chain", StringComparison.OrdinalIgnoreCase)))
        {
            var ca = string.IsNullOrEmpty(options.CaFile) ? "the system trust store" : $"the CA in '{options.CaFile}'";
            return $"TLS handshake failed: the server's certificate was not trusted (not issued by {ca}, or its name does not match): {message}";
        }

        return $"TLS handshake failed: {message}";
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
