namespace Mesh.Snapshots.Clusters;

/// <summary>Consistent hashing: exactly one key source, and a ring hash or maglev table.</summary>
public sealed record ConsistentHashSettings
{
    /// <summary>Hash the value of this request header.</summary>
    public string? HttpHeaderName { get; init; }

    /// <summary>Hash this cookie, issuing it when the request has none.</summary>
    public HashCookie? HttpCookie { get; init; }

    /// <summary>Hash the client's IP address.</summary>
    public bool UseSourceIp { get; init; }

    /// <summary>Hash the value of this query parameter.</summary>
    public string? HttpQueryParameterName { get; init; }

    /// <summary>Use a ring hash (the default when neither is set).</summary>
    public RingHashSettings? RingHash { get; init; }

    /// <summary>Use a maglev table.</summary>
    public MaglevSettings? Maglev { get; init; }
}
