namespace Mesh.Consul;

/// <summary>Options of a read, including blocking-query parameters.</summary>
public sealed class QueryOptions
{
    /// <summary>The index of a blocking query (the last <c>X-Consul-Index</c> seen); 0 for none.</summary>
    public ulong Index { get; init; }

    /// <summary>How long a blocking query may be held by the server (Consul's default 5 min, max 10 min); ignored without an index.</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>The read consistency mode.</summary>
    public ConsistencyMode Consistency { get; init; }

    /// <summary>
    /// Whether these options make a blocking query: only with an index. Consul answers a read without an index at
    /// once (a watch's first request), and ignores <c>wait</c> there.
    /// </summary>
    public bool IsBlocking => Index > 0;
}
