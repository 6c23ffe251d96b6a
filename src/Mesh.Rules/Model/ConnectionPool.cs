namespace Mesh.Rules.Model;

/// <summary>Connection limits (<c>connection_pool</c> block).</summary>
public sealed record ConnectionPool
{
    /// <summary>TCP limits.</summary>
    public TcpPoolSettings? Tcp { get; init; }

    /// <summary>HTTP limits.</summary>
    public HttpPoolSettings? Http { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
