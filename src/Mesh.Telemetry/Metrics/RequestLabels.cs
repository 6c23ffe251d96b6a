using System.Globalization;

namespace Mesh.Telemetry.Metrics;

/// <summary>
/// Istio's labels on a proxied request. <c>reporter</c> is <c>source</c> for the caller's outbound proxy and
/// <c>destination</c> for the callee's inbound proxy; unknown values are <c>unknown</c>, as Istio reports them.
/// </summary>
public readonly record struct RequestLabels
{
    private const string Unknown = "unknown";

    /// <summary><c>source</c> or <c>destination</c>.</summary>
    public required string Reporter { get; init; }

    /// <summary>The calling service.</summary>
    public string? SourceWorkload { get; init; }

    /// <summary>The calling service's namespace.</summary>
    public string? SourceNamespace { get; init; }

    /// <summary>The caller's SPIFFE identity, when it presented one.</summary>
    public string? SourcePrincipal { get; init; }

    /// <summary>The caller's version.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>The destination host as addressed (<c>reviews</c>).</summary>
    public string? DestinationService { get; init; }

    /// <summary>The destination service's name.</summary>
    public string? DestinationServiceName { get; init; }

    /// <summary>The destination's namespace.</summary>
    public string? DestinationNamespace { get; init; }

    /// <summary>The subset (version) the request went to.</summary>
    public string? DestinationVersion { get; init; }

    /// <summary>The destination's SPIFFE identity.</summary>
    public string? DestinationPrincipal { get; init; }

    /// <summary><c>http</c>, <c>grpc</c> or <c>tcp</c>.</summary>
    public string? RequestProtocol { get; init; }

    /// <summary>The HTTP status returned to the caller (0 when no response was sent).</summary>
    public int ResponseCode { get; init; }

    /// <summary>The gRPC status, for gRPC requests.</summary>
    public string? GrpcResponseStatus { get; init; }

    /// <summary>Istio's response flags (<c>UF</c>, <c>URX</c>, <c>UO</c>, ...), or <c>-</c>.</summary>
    public string? ResponseFlags { get; init; }

    /// <summary><c>mutual_tls</c> or <c>none</c>.</summary>
    public string? ConnectionSecurityPolicy { get; init; }

    /// <summary>The labels of an HTTP request, in Istio's order (a new array: callers cache it).</summary>
    internal KeyValuePair<string, object?>[] ToTagArray() =>
    [
        new("reporter", Reporter),
        new("source_workload", SourceWorkload ?? Unknown),
        new("source_workload_namespace", SourceNamespace ?? Unknown),
        new("source_principal", SourcePrincipal ?? Unknown),
        new("source_version", SourceVersion ?? Unknown),
        new("destination_service", DestinationService ?? Unknown),
        new("destination_service_name", DestinationServiceName ?? Unknown),
        new("destination_service_namespace", DestinationNamespace ?? Unknown),
        new("destination_version", DestinationVersion ?? Unknown),
        new("destination_principal", DestinationPrincipal ?? Unknown),
        new("request_protocol", RequestProtocol ?? "http"),
        new("response_code", ResponseCode.ToString(CultureInfo.InvariantCulture)),
        new("grpc_response_status", GrpcResponseStatus ?? string.Empty),
        new("response_flags", ResponseFlags ?? "-"),
        new("connection_security_policy", ConnectionSecurityPolicy ?? Unknown),
    ];

    /// <summary>The labels of a TCP connection (a new array: callers cache it).</summary>
    internal KeyValuePair<string, object?>[] ToTcpTagArray() =>
    [
        new("reporter", Reporter),
        new("source_workload", SourceWorkload ?? Unknown),
        new("source_principal", SourcePrincipal ?? Unknown),
        new("destination_service", DestinationService ?? Unknown),
        new("destination_version", DestinationVersion ?? Unknown),
        new("destination_principal", DestinationPrincipal ?? Unknown),
        new("response_flags", ResponseFlags ?? "-"),
        new("connection_security_policy", ConnectionSecurityPolicy ?? Unknown),
    ];
}
