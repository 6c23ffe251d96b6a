using System.Net;

namespace Mesh.Vault;

/// <summary>Vault answered with an error status; <see cref="Errors"/> holds the messages of its <c>{"errors": [...]}</c> body.</summary>
public sealed class VaultException : Exception
{
    /// <summary>Creates an exception for a status and the errors Vault reported.</summary>
    public VaultException(HttpStatusCode statusCode, IReadOnlyList<string> errors)
        : base(FormatMessage(statusCode, errors))
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    /// <summary>Creates an exception with a message only (status 500).</summary>
    public VaultException()
        : this(HttpStatusCode.InternalServerError, [])
    {
    }

    /// <summary>Creates an exception with a message only (status 500).</summary>
    public VaultException(string message)
        : this(HttpStatusCode.InternalServerError, [message])
    {
    }

    /// <summary>Creates an exception with a message and an inner exception (status 500).</summary>
    public VaultException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
        Errors = [message];
    }

    /// <summary>The HTTP status Vault answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error messages from the response body (possibly empty).</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(HttpStatusCode statusCode, IReadOnlyList<string> errors) =>
        errors.Count == 0
            ? $"Vault answered {(int)statusCode} ({statusCode})."
            : $"Vault answered {(int)statusCode} ({statusCode}): {string.Join("; ", errors)}";
}
