namespace Mesh.Telemetry.Tests.Metrics;

/// <summary>
/// Tests that listen to, or assert nobody listens to, the process-wide <c>Mesh.Proxy</c> meter: a listener in one
/// (ProxyMetricsTests) enables every ProxyMetrics the other makes meanwhile (TagSetCacheTests'
/// RecordRequest_NoListener_NotEnabled failed in CI that way), so they never run at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProxyMeterCollection
{
    public const string Name = "The Mesh.Proxy meter";
}
