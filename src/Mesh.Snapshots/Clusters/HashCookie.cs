namespace Mesh.Snapshots.Clusters;

/// <summary>The cookie consistent hashing keys on.</summary>
public sealed record HashCookie
{
    /// <summary>Cookie name.</summary>
    public required string Name { get; init; }

    /// <summary>Cookie path.</summary>
    public string? Path { get; init; }

    /// <summary>Lifetime of an issued cookie; without it no cookie is issued (Envoy's behaviour for a zero TTL is a session cookie).</summary>
    public TimeSpan? Ttl { get; init; }
}
