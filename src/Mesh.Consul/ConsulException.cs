using System.Net;

namespace Mesh.Consul;

/// <summary>
/// Consul answered with a status the operation does not treat as a normal outcome, or could not be reached. The HTTP
/// layer throws the subclasses <see cref="ConsulPermissionDeniedException"/>, <see cref="ConsulNotFoundException"/>,
/// <see cref="ConsulNoLeaderException"/> and <see cref="ConsulUnreachableException"/> where they apply.
/// </summary>
public class ConsulException : Exception
{
    /// <summary>Creates an exception for a response with the given status and plain-text body.</summary>
    /// <param name="statusCode">The HTTP status Consul answered with.</param>
    /// <param name="body">The response body (Consul's error text).</param>
    public ConsulException(HttpStatusCode statusCode, string body)
        : this(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Consul answered {(int)statusCode} {statusCode}: {body}"), statusCode, body, null)
    {
    }

    /// <summary>Creates an exception without a status.</summary>
    public ConsulException()
        : this("Consul request failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConsulException(string message)
        : base(message)
    {
        Body = string.Empty;
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsulException(string message, Exception innerException)
        : base(message, innerException)
    {
        Body = string.Empty;
    }

    /// <summary>Creates an exception with a message, the response's status and body, and an optional cause.</summary>
    /// <param name="message">The message shown to an operator.</param>
    /// <param name="statusCode">The HTTP status (0 when there was no response).</param>
    /// <param name="body">The response body.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected ConsulException(string message, HttpStatusCode statusCode, string body, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Body = body ?? string.Empty;
    }

    /// <summary>The HTTP status Consul answered with (0 when not from a response).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body, usually Consul's plain-text error.</summary>
    public string Body { get; }
}
