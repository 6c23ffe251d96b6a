namespace Mesh.Consul.Locking;

/// <summary>What a <see cref="LeaderElection"/> locks and how its session lives.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The KV key whose lock makes the leader, e.g. <c>mesh/controller/leader</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The value written to the key on acquiring (e.g. the node name).</summary>
    public ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>The session's name.</summary>
    public string SessionName { get; init; } = "mesh-leader-election";

    /// <summary>The session's TTL; default 15 seconds. The session is renewed every TTL/2.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The session's lock delay; default 15 seconds (Consul's default).</summary>
    public TimeSpan LockDelay { get; init; } = TimeSpan.FromSeconds(15);
}
