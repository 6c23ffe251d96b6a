using System.Net;

namespace Mesh.Consul;

/// <summary>Consul answered 404 on an endpoint where that is an error (an unknown service, check or path; a missing KV key is not).</summary>
public sealed class ConsulNotFoundException : ConsulException
{
    /// <summary>Creates the exception for a 404 answer.</summary>
    /// <param name="operation">What was requested, e.g. <c>PUT /v1/agent/check/pass/web</c>.</param>
    /// <param name="body">Consul's error text.</param>
    public ConsulNotFoundException(string operation, string body)
        : base(Describe(operation, body), HttpStatusCode.NotFound, body, null)
    {
        Operation = operation;
    }

    /// <summary>Creates the exception without details.</summary>
    public ConsulNotFoundException()
        : this("request", string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsulNotFoundException(string message, Exception innerException)
        : base(message, HttpStatusCode.NotFound, string.Empty, innerException)
    {
        Operation = string.Empty;
    }

    /// <summary>The request Consul answered 404 to.</summary>
    public string Operation { get; }

    private static string Describe(string operation, string body) =>
        string.IsNullOrWhiteSpace(body)
            ? $"Consul found nothing for {operation} (404)."
            : $"Consul found nothing for {operation} (404): {body}";
}
