namespace Mesh.Proxy.Observability;

/// <summary>Where and how the proxy's spans are exported.</summary>
public sealed record MeshTracingOptions
{
    /// <summary>The OTLP collector (<c>http://127.0.0.1:4317</c> for gRPC, <c>.../v1/traces</c> with HTTP); null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Use OTLP over HTTP/protobuf instead of gRPC. Default false.</summary>
    public bool OtlpHttpProtobuf { get; init; }

    /// <summary>The <c>service.name</c> resource attribute. Default <c>mesh-proxy</c>.</summary>
    public string ServiceName { get; init; } = "mesh-proxy";
}
