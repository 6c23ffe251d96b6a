using System.Text.Json;

namespace Mesh.DevCatalog.Sessions;

/// <summary>The body of <c>PUT /v1/session/create</c>; LockDelay may be a duration string or a number (seconds below 1000, else nanoseconds).</summary>
internal sealed class SessionCreateRequest
{
    /// <summary>Human-readable name.</summary>
    public string? Name { get; set; }

    /// <summary>Node the session belongs to (ignored: the dev catalog has one node).</summary>
    public string? Node { get; set; }

    /// <summary>TTL as a Go duration, "" for none.</summary>
    public string? TTL { get; set; }

    /// <summary>"release" (default) or "delete".</summary>
    public string? Behavior { get; set; }

    /// <summary>Lock delay as a string or number.</summary>
    public JsonElement? LockDelay { get; set; }

    /// <summary>Node checks (accepted, not enforced beyond serfHealth which always passes).</summary>
    public IReadOnlyList<string>? NodeChecks { get; set; }

    /// <summary>Legacy name for node checks.</summary>
    public IReadOnlyList<string>? Checks { get; set; }

    /// <summary>Service checks (accepted, not enforced).</summary>
    public IReadOnlyList<JsonElement>? ServiceChecks { get; set; }
}
