using System.Diagnostics;
using Mesh.Telemetry.Tracing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Observability;

/// <summary>
/// What the pipeline learns about one request while handling it (route, destination, upstream, flags), kept as a
/// feature of the <see cref="HttpContext"/> and turned into metrics, span attributes and an access log line at the end.
/// One instance serves the successive requests of a connection (see <see cref="Reset"/>), with its byte counters.
/// </summary>
internal sealed class RequestObservation
{
    /// <summary>Counts the request body's bytes.</summary>
    public CountingStream RequestBody { get; } = new();

    /// <summary>Counts the response body's bytes.</summary>
    public CountingStream ResponseBody { get; } = new();

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the request arrived.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>Wall-clock time when the request arrived.</summary>
    public DateTimeOffset StartTime { get; private set; }

    /// <summary>The response flags raised so far.</summary>
    public ResponseFlags Flags { get; private set; }

    /// <summary>The <c>x-request-id</c> (received or generated).</summary>
    public string? RequestId { get; set; }

    /// <summary>The caller's SPIFFE id, when it presented a certificate.</summary>
    public string? PeerPrincipal { get; set; }

    /// <summary>The matched route's name.</summary>
    public string? RouteName { get; set; }

    /// <summary>The destination host the route picked.</summary>
    public string? DestinationService { get; set; }

    /// <summary>The destination subset the route picked.</summary>
    public string? DestinationVersion { get; set; }

    /// <summary>The endpoint of the last attempt (<c>ip:port</c>).</summary>
    public string? UpstreamHost { get; set; }

    /// <summary>Upstream attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>Duration of the last upstream attempt, in milliseconds.</summary>
    public double? UpstreamServiceTime { get; set; }

    /// <summary>The proxy's server span, when the request is traced and someone listens.</summary>
    public Activity? Server { get; set; }

    /// <summary>The context forwarded when there is no span: the incoming one, or a fresh one.</summary>
    public TraceContext Fallback { get; set; }

    /// <summary>The trace header formats the request arrived with.</summary>
    public TraceHeaderFormats IncomingFormats { get; set; }

    /// <summary>Adds a response flag.</summary>
    public void Flag(ResponseFlags flag) => Flags |= flag;

    /// <summary>Clears what the previous request of the connection left, for a request that starts now.</summary>
    public void Reset(long startTimestamp, DateTimeOffset startTime)
    {
        StartTimestamp = startTimestamp;
        StartTime = startTime;
        Flags = ResponseFlags.None;
        RequestId = null;
        PeerPrincipal = null;
        RouteName = null;
        DestinationService = null;
        DestinationVersion = null;
        UpstreamHost = null;
        Attempts = 0;
        UpstreamServiceTime = null;
        Server = null;
        Fallback = default;
        IncomingFormats = TraceHeaderFormats.None;
    }

    /// <summary>The observation of <paramref name="context"/>, or null when observability is not wired.</summary>
    public static RequestObservation? Of(HttpContext context) => context.Features.Get<RequestObservation>();

    /// <summary>Adds a response flag to the request's observation, when there is one.</summary>
    public static void Flag(HttpContext context, ResponseFlags flag) => Of(context)?.Flag(flag);
}
