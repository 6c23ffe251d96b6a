namespace Mesh.Consul;

/// <summary>The value of a read together with Consul's consistency headers.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class QueryResult<T>
{
    /// <summary>The value read.</summary>
    public required T Value { get; init; }

    /// <summary><c>X-Consul-Index</c>: the index to pass to the next blocking query.</summary>
    public ulong LastIndex { get; init; }

    /// <summary><c>X-Consul-KnownLeader</c>: whether the answering server knew a leader.</summary>
    public bool KnownLeader { get; init; }

    /// <summary><c>X-Consul-LastContact</c>: how long since the answering server heard from the leader.</summary>
    public TimeSpan LastContact { get; init; }
}
