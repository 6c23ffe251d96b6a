using Mesh.Hosting.Metrics;
using Mesh.Telemetry.Metrics;

namespace Mesh.Telemetry.Tests.Metrics;

[Collection(ProxyMeterCollection.Name)]
public sealed class ProxyMetricsTests
{
    [Fact]
    public void RecordRequest_ExposedWithIstioNamesAndLabels_CountsExactly()
    {
        using var metrics = new ProxyMetrics();
        using var prometheus = new PrometheusMetrics(m => m.Name == ProxyMetrics.MeterName);
        var labels = new RequestLabels
        {
            Reporter = "source",
            SourceWorkload = "productpage",
            DestinationService = "reviews",
            DestinationVersion = "v2",
            ResponseCode = 200,
            ConnectionSecurityPolicy = "mutual_tls",
        };

        for (var i = 0; i < 7; i++)
        {
            metrics.RecordRequest(labels, 12, 0, 295);
        }

        metrics.RecordRequest(labels with { ResponseCode = 503, ResponseFlags = "UO" }, 1, 0, 19);
        var text = prometheus.Render();

        Assert.Contains("mesh_requests_total{connection_security_policy=\"mutual_tls\",destination_principal=\"unknown\",destination_service=\"reviews\",destination_service_name=\"unknown\",destination_service_namespace=\"unknown\",destination_version=\"v2\",grpc_response_status=\"\",reporter=\"source\",request_protocol=\"http\",response_code=\"200\",response_flags=\"-\",source_principal=\"unknown\",source_version=\"unknown\",source_workload=\"productpage\",source_workload_namespace=\"unknown\"} 7\n", text);
        Assert.Contains("response_code=\"503\",response_flags=\"UO\"", text);
        Assert.Contains("# TYPE mesh_request_duration_milliseconds histogram", text);
        Assert.Contains("# TYPE mesh_response_bytes histogram", text);
    }
}
