namespace Mesh.Bench.AllocBench;

/// <summary>What sits between the client and the backend.</summary>
internal enum Hop
{
    /// <summary>Nothing: the client→backend baseline.</summary>
    Direct,

    /// <summary>Bare YARP forwarder: the floor of any YARP-based proxy.</summary>
    Bare,

    /// <summary>The mesh proxy.</summary>
    Mesh,
}

/// <summary>One proxy configuration to measure.</summary>
/// <param name="Name">Short name printed in the table.</param>
/// <param name="Hop">What forwards the requests.</param>
/// <param name="CollectMetrics">Whether the agent's Prometheus exporter (<c>PrometheusMetrics</c>) collects the proxy's metrics.</param>
/// <param name="SamplingRatio">The proxy's trace sampling ratio (0 to 1).</param>
/// <param name="TraceListener">Whether an ActivityListener records the proxy's spans (as an OTLP exporter would).</param>
/// <param name="AccessLog">Whether the access log writes a line per request (to a temporary file).</param>
internal sealed record Scenario(string Name, Hop Hop, bool CollectMetrics, double SamplingRatio, bool TraceListener, bool AccessLog)
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("direct", Hop.Direct, false, 0, false, false),
        new("bare YARP", Hop.Bare, false, 0, false, false),
        new("nothing listening", Hop.Mesh, false, 1, false, false),
        new("metrics", Hop.Mesh, true, 0, false, false),
        new("metrics+log", Hop.Mesh, true, 0, false, true),
        new("metrics+trace 0%", Hop.Mesh, true, 0, true, false),
        new("metrics+trace 100%", Hop.Mesh, true, 1, true, false),
        new("metrics+log+trace 100%", Hop.Mesh, true, 1, true, true),
    ];
}
