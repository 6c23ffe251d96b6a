namespace Mesh.Rules.Model;

/// <summary>Load balancing, connection pool, outlier detection and TLS settings, with per-port overrides (<c>traffic_policy</c> block).</summary>
public sealed record TrafficPolicy
{
    /// <summary>Load balancing.</summary>
    public LoadBalancerSettings? LoadBalancer { get; init; }

    /// <summary>Connection limits.</summary>
    public ConnectionPool? ConnectionPool { get; init; }

    /// <summary>Ejection of failing instances.</summary>
    public OutlierDetection? OutlierDetection { get; init; }

    /// <summary>TLS towards the destination.</summary>
    public ClientTls? Tls { get; init; }

    /// <summary>Per-port overrides (<c>port_level_settings "port"</c> blocks).</summary>
    public ValueList<PortTrafficPolicy> PortLevelSettings { get; init; } = ValueList<PortTrafficPolicy>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
