namespace Mesh.Rules.Model;

/// <summary>Hash-based session affinity (<c>consistent_hash</c> block).</summary>
public sealed record ConsistentHash
{
    /// <summary>Hash on a header.</summary>
    public string? HttpHeaderName { get; init; }

    /// <summary>Hash on a cookie.</summary>
    public HttpCookie? HttpCookie { get; init; }

    /// <summary>Hash on the source address.</summary>
    public bool? UseSourceIp { get; init; }

    /// <summary>Hash on a query parameter.</summary>
    public string? HttpQueryParameterName { get; init; }

    /// <summary>Use the ring hash algorithm.</summary>
    public RingHash? RingHash { get; init; }

    /// <summary>Use the Maglev algorithm.</summary>
    public Maglev? Maglev { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
