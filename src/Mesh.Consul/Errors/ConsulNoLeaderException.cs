using System.Net;

namespace Mesh.Consul;

/// <summary>Consul has no cluster leader (500 "No cluster leader") or is unavailable (503): a transient cluster state.</summary>
public sealed class ConsulNoLeaderException : ConsulException
{
    /// <summary>Creates the exception for a 500 "No cluster leader" or a 503 answer.</summary>
    /// <param name="operation">What was requested.</param>
    /// <param name="statusCode">500 or 503.</param>
    /// <param name="body">Consul's error text.</param>
    public ConsulNoLeaderException(string operation, HttpStatusCode statusCode, string body)
        : base(Describe(operation, statusCode, body), statusCode, body, null)
    {
    }

    /// <summary>Creates the exception without details.</summary>
    public ConsulNoLeaderException()
        : this("request", HttpStatusCode.InternalServerError, "No cluster leader")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsulNoLeaderException(string message, Exception innerException)
        : base(message, HttpStatusCode.ServiceUnavailable, string.Empty, innerException)
    {
    }

    private static string Describe(string operation, HttpStatusCode statusCode, string body)
    {
        var detail = string.IsNullOrWhiteSpace(body) ? string.Empty : $": {body}";
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Consul could not serve {operation} because the cluster has no leader or is unavailable ({(int)statusCode}{detail}); the servers may be electing a leader or have lost quorum, retry later.");
    }
}
