using System.Net;

namespace Mesh.TestDoubles.Vault;

/// <summary>An error the double answers as <c>{"errors": [message]}</c> with a status.</summary>
internal sealed class VaultDoubleError(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
