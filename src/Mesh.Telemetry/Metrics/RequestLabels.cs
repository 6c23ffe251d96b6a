using System.Diagnostics;
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

    internal TagList ToTagList() => new()
    {
        { "reporter", Reporter },
        { "source_workload", SourceWorkload ?? Unknown },
        { "source_workload_namespace", SourceNamespace ?? Unknown },
        { "source_principal", SourcePrincipal ?? Unknown },
        { "source_version", SourceVersion ?? Unknown },
        { "destination_service", DestinationService ?? Unknown },
        { "destination_service_name", DestinationServiceName ?? Unknown },
        { "destination_service_namespace", DestinationNamespace ?? Unknown },
        { "destination_version", DestinationVersion ?? Unknown },
        { "destination_principal", DestinationPrincipal ?? Unknown },
        { "request_protocol", RequestProtocol ?? "http" },
        { "response_code", ResponseCode.ToString(CultureInfo.InvariantCulture) },
        { "grpc_response_status", GrpcResponseStatus ?? string.Empty },
        { "response_flags", ResponseFlags ?? "-" },
        { "connection_security_policy", ConnectionSecurityPolicy ?? Unknown },
    };

    internal TagList ToTcpTagList() => new()
    {
        { "reporter", Reporter },
        { "source_workload", SourceWorkload ?? Unknown },
        { "source_principal", SourcePrincipal ?? Unknown },
        { "destination_service", DestinationService ?? Unknown },
        { "destination_version", DestinationVersion ?? Unknown },
        { "destination_principal", DestinationPrincipal ?? Unknown },
        { "response_flags", ResponseFlags ?? "-" },
        { "connection_security_policy", ConnectionSecurityPolicy ?? Unknown },
    };
}
