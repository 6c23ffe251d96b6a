namespace Mesh.Agent.Configuration;

/// <summary>The <c>telemetry { tracing { … } }</c> block: where the proxies' spans are exported (OTLP) and how many are recorded.</summary>
public sealed class TracingSettings
{
    /// <summary>The <c>http/protobuf</c> protocol name.</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The <c>grpc</c> protocol name.</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// The OTLP collector (<c>otlp_endpoint</c>), such as <c>http://127.0.0.1:4318</c>; null (default) exports no spans
    /// (trace headers are still propagated). With <c>http/protobuf</c> an endpoint without a path gets <c>/v1/traces</c>.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport (<c>protocol</c>): <c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string Protocol { get; set; } = HttpProtobuf;

    /// <summary>
    /// Percentage of new traces recorded (<c>sampling</c>), 0 to 100 as in Istio's <c>tracing.sampling</c>; default 1.
    /// Requests that arrive with a sampling decision keep it.
    /// </summary>
    public double SamplingPercent { get; set; } = 1;

    /// <summary>The <c>service.name</c> of the exported spans (<c>service_name</c>); default <c>mesh-agent</c>.</summary>
    public string ServiceName { get; set; } = "mesh-agent";

    /// <summary>The full OTLP endpoint to export to: <see cref="OtlpEndpoint"/>, with <c>/v1/traces</c> added for HTTP when it has no path.</summary>
    public Uri? ExportEndpoint => OtlpEndpoint is not { } endpoint
        ? null
        : Protocol == HttpProtobuf && endpoint.AbsolutePath is "/" or ""
            ? new Uri(endpoint, "/v1/traces")
            : endpoint;
}
