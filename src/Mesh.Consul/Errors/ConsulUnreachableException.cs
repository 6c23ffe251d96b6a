namespace Mesh.Consul;

/// <summary>Consul could not be reached: connection refused, name not resolved, TLS handshake failed, or timed out.</summary>
public sealed class ConsulUnreachableException : ConsulException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="address">The Consul address that was tried.</param>
    /// <param name="reason">Why, in a few words (e.g. "connection refused").</param>
    /// <param name="innerException">The transport error.</param>
    public ConsulUnreachableException(Uri address, string reason, Exception? innerException)
        : base($"Consul at {Trim(address)} is unreachable: {reason}", default, string.Empty, innerException)
    {
        Address = address;
        Reason = reason;
    }

    /// <summary>Creates the exception without details.</summary>
    public ConsulUnreachableException()
        : this("Consul is unreachable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConsulUnreachableException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsulUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The address that was tried; null when not known.</summary>
    public Uri? Address { get; }

    /// <summary>Why the request failed, in a few words.</summary>
    public string Reason { get; }

    private static string Trim(Uri address)
    {
        var text = address.ToString();
        return text.EndsWith('/') ? text[..^1] : text;
    }
}
