namespace Mesh.Consul;

/// <summary>Options of a read, including blocking-query parameters.</summary>
public sealed class QueryOptions
{
    /// <summary>The index of a blocking query (the last <c>X-Consul-Index</c> seen); 0 for none.</summary>
    public ulong Index { get; init; }

    /// <summary>How long a blocking query may be held by the server (Consul's default 5 min, max 10 min).</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>The read consistency mode.</summary>
    public ConsistencyMode Consistency { get; init; }

    /// <summary>Whether these options make a blocking query (an index or a wait is set).</summary>
    public bool IsBlocking => Index > 0 || Wait.HasValue;
}
