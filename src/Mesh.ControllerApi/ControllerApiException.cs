using System.Net;

namespace Mesh.ControllerApi;

/// <summary>The controller answered with an error.</summary>
public class ControllerApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ControllerApiException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    /// <summary>Creates the exception for a failure without an HTTP status.</summary>
    public ControllerApiException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public HttpStatusCode? Status { get; }
}

/// <summary>The controller could not be reached at all.</summary>
public sealed class ControllerUnreachableException(string message, Exception inner) : ControllerApiException(message, inner);

/// <summary>The token is missing or wrong.</summary>
public sealed class ControllerUnauthorizedException(string message) : ControllerApiException(HttpStatusCode.Unauthorized, message);

/// <summary>The resource does not exist.</summary>
public sealed class ControllerNotFoundException(string message) : ControllerApiException(HttpStatusCode.NotFound, message);

/// <summary>Another change committed first; nothing was stored.</summary>
public sealed class ControllerConflictException(string message) : ControllerApiException(HttpStatusCode.Conflict, message);

/// <summary>The bundle is invalid; nothing was stored.</summary>
public sealed class ControllerRejectedException(string message, IReadOnlyList<DiagnosticDto> diagnostics) : ControllerApiException(HttpStatusCode.UnprocessableEntity, message)
{
    /// <summary>The findings that made it invalid.</summary>
    public IReadOnlyList<DiagnosticDto> Diagnostics { get; } = diagnostics;
}
