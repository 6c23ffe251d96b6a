using System.Net.Sockets;
using System.Security.Authentication;

namespace Mesh.Cli.Connection;

/// <summary>Says in a few words why a connection to the controller failed ("connection refused", "the host name does not resolve").</summary>
internal static class FailureReason
{
    public static string Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException s:
                    return Describe(s.SocketErrorCode) ?? s.Message;
                case TimeoutException:
                    return $"no connection within {ControllerHttpHandler.ConnectTimeout.TotalSeconds:0} s";
                case AuthenticationException a:
                    return "TLS failed: " + a.Message;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "the host name does not resolve";
                default:
                    break;
            }
        }

        return exception switch
        {
            TaskCanceledException => "no answer in time",
            HttpRequestException h => h.InnerException?.Message ?? h.Message,
            _ => exception.InnerException?.Message ?? exception.Message,
        };
    }

    private static string? Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name does not resolve",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => "no route to the host",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "the connection was reset",
        _ => null,
    };
}
