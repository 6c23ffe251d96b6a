using Mesh.Telemetry.Metrics;

namespace Mesh.Proxy.Observability;

/// <summary>The names under which the proxy engine reports.</summary>
public static class MeshProxyTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the proxy's spans (server per request, client per upstream attempt).</summary>
    public const string ActivitySourceName = "Mesh.Proxy";

    /// <summary>The meter of the proxy's metrics.</summary>
    public const string MeterName = ProxyMetrics.MeterName;
}
