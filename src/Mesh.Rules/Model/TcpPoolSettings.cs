namespace Mesh.Rules.Model;

/// <summary>TCP connection limits (<c>tcp</c> block).</summary>
public sealed record TcpPoolSettings
{
    /// <summary>The maximum number of connections.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>The connect timeout.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>How long an idle connection is kept.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The maximum connection lifetime.</summary>
    public TimeSpan? MaxConnectionDuration { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
