namespace Mesh.Consul.Sessions;

/// <summary>The body of <c>PUT /v1/session/create</c>.</summary>
public sealed class SessionRequest
{
    /// <summary>A human-readable name.</summary>
    public string? Name { get; init; }

    /// <summary>The session's TTL (Consul accepts 10s to 86400s); none when <see langword="null"/>.</summary>
    public TimeSpan? TTL { get; init; }

    /// <summary>What happens to the session's locks when it is invalidated.</summary>
    public SessionBehavior Behavior { get; init; } = SessionBehavior.Release;

    /// <summary>How long a released lock cannot be re-acquired (Consul's default 15s).</summary>
    public TimeSpan? LockDelay { get; init; }
}
