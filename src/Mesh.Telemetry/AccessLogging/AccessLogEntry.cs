namespace Mesh.Telemetry.AccessLogging;

/// <summary>The facts of one proxied request, named as in Istio's default access log format.</summary>
public sealed record AccessLogEntry
{
    /// <summary>When the request started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path and query as received.</summary>
    public required string Path { get; init; }

    /// <summary><c>HTTP/1.1</c>, <c>HTTP/2</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The status returned to the caller.</summary>
    public required int ResponseCode { get; init; }

    /// <summary>Istio's response flags, or <c>-</c>.</summary>
    public string ResponseFlags { get; init; } = "-";

    /// <summary>Request body bytes received from the caller.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Response body bytes sent to the caller.</summary>
    public long BytesSent { get; init; }

    /// <summary>Total duration in milliseconds.</summary>
    public double DurationMilliseconds { get; init; }

    /// <summary>Time the upstream took to answer, in milliseconds, when one answered.</summary>
    public double? UpstreamServiceTimeMilliseconds { get; init; }

    /// <summary>The <c>x-forwarded-for</c> header.</summary>
    public string? ForwardedFor { get; init; }

    /// <summary>The <c>user-agent</c> header.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The <c>x-request-id</c> header.</summary>
    public string? RequestId { get; init; }

    /// <summary>The <c>:authority</c> / <c>Host</c>.</summary>
    public string? Authority { get; init; }

    /// <summary>The endpoint the request went to (<c>ip:port</c>).</summary>
    public string? UpstreamHost { get; init; }

    /// <summary>The cluster (destination host and subset).</summary>
    public string? UpstreamCluster { get; init; }

    /// <summary>The address the caller connected from.</summary>
    public string? DownstreamRemoteAddress { get; init; }

    /// <summary>The address the caller connected to.</summary>
    public string? DownstreamLocalAddress { get; init; }

    /// <summary>The caller's SPIFFE identity when it presented a certificate.</summary>
    public string? DownstreamPeerIdentity { get; init; }

    /// <summary>The TLS server name the caller asked for.</summary>
    public string? RequestedServerName { get; init; }

    /// <summary>The name of the route that matched.</summary>
    public string? RouteName { get; init; }

    /// <summary>The trace the request belongs to.</summary>
    public string? TraceId { get; init; }
}
