namespace Mesh.Consul.Sessions;

/// <summary>The JSON body of a session creation.</summary>
internal sealed class SessionCreateWire
{
    public string? Name { get; init; }

    public string? TTL { get; init; }

    public required string Behavior { get; init; }

    public string? LockDelay { get; init; }
}

/// <summary>The answer of a session creation: <c>{"ID": "..."}</c>.</summary>
internal sealed class SessionIdWire
{
    public string ID { get; init; } = string.Empty;
}
