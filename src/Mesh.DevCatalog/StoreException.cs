namespace Mesh.DevCatalog;

/// <summary>A request the store refuses; the HTTP layer maps it to <see cref="StatusCode"/> with the message as a plain-text body.</summary>
internal sealed class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    /// <summary>Creates a 500.</summary>
    public StoreException()
        : this(500, "internal error")
    {
    }

    /// <summary>Creates a 500 with a message.</summary>
    public StoreException(string message)
        : this(500, message)
    {
    }

    /// <summary>Creates a 500 with a message and cause.</summary>
    public StoreException(string message, Exception innerException)
        : base(message, innerException) => StatusCode = 500;

    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; }
}
