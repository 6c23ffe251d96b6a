using System.Net;

namespace Mesh.Consul;

/// <summary>Consul answered 403: the ACL token is missing, unknown ("ACL not found") or lacks the permission.</summary>
public sealed class ConsulPermissionDeniedException : ConsulException
{
    /// <summary>Creates the exception for a 403 answer.</summary>
    /// <param name="operation">What was requested, e.g. <c>PUT /v1/kv/config</c>.</param>
    /// <param name="body">Consul's error text.</param>
    public ConsulPermissionDeniedException(string operation, string body)
        : base(Describe(operation, body), HttpStatusCode.Forbidden, body, null)
    {
        Operation = operation;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConsulPermissionDeniedException()
        : this("request", string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsulPermissionDeniedException(string message, Exception innerException)
        : base(message, HttpStatusCode.Forbidden, string.Empty, innerException)
    {
        Operation = string.Empty;
    }

    /// <summary>The request Consul refused, e.g. <c>PUT /v1/kv/config</c>.</summary>
    public string Operation { get; }

    /// <summary>True when Consul did not know the token at all (body "ACL not found").</summary>
    public bool TokenNotFound => Body.Contains("ACL not found", StringComparison.OrdinalIgnoreCase);

    private static string Describe(string operation, string body)
    {
        var cause = body.Contains("ACL not found", StringComparison.OrdinalIgnoreCase)
            ? "the ACL token is not known to Consul (ACL not found); check the configured token"
            : "permission denied; the ACL token is missing or its policy does not grant this operation";
        var detail = string.IsNullOrWhiteSpace(body) ? string.Empty : $" (Consul said: {body})";
        return $"Consul refused {operation}: {cause}{detail}.";
    }
}
