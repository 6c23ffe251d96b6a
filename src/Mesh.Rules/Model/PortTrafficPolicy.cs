namespace Mesh.Rules.Model;

/// <summary>
/// Traffic policy for one destination port (<c>port_level_settings "9080"</c> block inside a <c>traffic_policy</c>);
/// what it sets overrides the enclosing policy for that port, as Istio's <c>portLevelSettings</c>.
/// </summary>
public sealed record PortTrafficPolicy
{
    /// <summary>The port number as written (the block label); validated to 1–65535.</summary>
    public string Port { get; init; } = "";

    /// <summary>Load balancing.</summary>
    public LoadBalancerSettings? LoadBalancer { get; init; }

    /// <summary>Connection limits.</summary>
    public ConnectionPool? ConnectionPool { get; init; }

    /// <summary>Ejection of failing instances.</summary>
    public OutlierDetection? OutlierDetection { get; init; }

    /// <summary>TLS towards the destination.</summary>
    public ClientTls? Tls { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
