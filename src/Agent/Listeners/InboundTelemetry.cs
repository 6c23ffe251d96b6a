using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mesh.Proxy.Observability;
using Mesh.Telemetry.AccessLogging;
using Mesh.Telemetry.Metrics;
using Mesh.Telemetry.Tracing;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The observability of a service's inbound (mTLS) listener, the destination side of each call: a server span per
/// request (a child of the caller's span, propagated to the application), the proxy request metrics with
/// <c>reporter="destination"</c>, and an access log line whose <c>upstream_cluster</c> is <c>inbound|&lt;port&gt;||&lt;service&gt;</c>.
/// </summary>
internal sealed class InboundTelemetry : IDisposable
{
    private static readonly ActivitySource s_source = new(MeshProxyTelemetry.ActivitySourceName);

    private readonly ProxyIdentity _identity;
    private readonly double _samplingPercent;
    private readonly AccessLogWriter? _accessLog;
    private readonly int _minimumStatus;
    private readonly double _samplePercent;
    private readonly bool _alwaysLogFlagged;
    private readonly TimeProvider _time;
    private readonly ProxyMetrics _metrics;
    private readonly string _cluster;
    private readonly string _upstreamHost;

    /// <param name="identity">The local service (destination labels).</param>
    /// <param name="observability">Sampling and access log settings (the agent's <c>telemetry</c> block).</param>
    /// <param name="application">The local application the listener forwards to.</param>
    /// <param name="time">The clock.</param>
    /// <param name="meterFactory">The meters' factory; null creates an unscoped meter.</param>
    public InboundTelemetry(ProxyIdentity identity, ProxyObservabilityOptions observability, Uri application, TimeProvider time, IMeterFactory? meterFactory = null)
    {
        _identity = identity with { Role = ProxyRole.Inbound };
        _samplingPercent = observability.TraceSamplingRatio * 100;
        var log = observability.AccessLog;
        _accessLog = log.Enabled ? log.Writer : null;
        _minimumStatus = log.MinimumStatus;
        _samplePercent = log.SamplePercent;
        _alwaysLogFlagged = log.AlwaysLogFlagged;
        _time = time;
        _metrics = new ProxyMetrics(meterFactory);
        _cluster = "inbound|" + application.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "||" + identity.ServiceName;
        _upstreamHost = application.Authority;
    }

    /// <summary>Runs <paramref name="next"/> for the request and records it.</summary>
    public async Task ObserveAsync(HttpContext context, Func<Task> next)
    {
        var start = _time.GetTimestamp();
        var startTime = _time.GetUtcNow();
        var request = context.Request;
        var requestId = request.Headers["x-request-id"].ToString();
        if (requestId.Length == 0)
        {
            requestId = RandomIds.NewRequestId();
            request.Headers["x-request-id"] = requestId;
        }

        var hasParent = TraceContextPropagator.TryExtract(request.Headers, static (headers, name) => headers.TryGetValue(name, out var value) ? value.ToString() : null, out var incoming);
        var sampled = hasParent && (incoming.Debug || incoming.Sampled.HasValue)
            ? incoming.Debug || incoming.Sampled == true
            : Random.Shared.NextDouble() * 100 < _samplingPercent;
        var span = sampled ? StartSpan(context, hasParent ? incoming : null, requestId) : null;
        var traceId = span?.TraceId.ToHexString() ?? (hasParent ? incoming.TraceId : null);
        var peer = context.Features.Get<MeshPeerFeature>();
        var failed = true;
        try
        {
            await next().ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var error = context.GetForwarderErrorFeature()?.Error ?? ForwarderError.None;
            var flags = error is ForwarderError.Request or ForwarderError.RequestTimedOut ? "UF" : error != ForwarderError.None ? "UC" : "-";
            var duration = _time.GetElapsedTime(start).TotalMilliseconds;
            var principal = peer?.Peer?.ToString();
            var requestBytes = request.ContentLength ?? 0;
            var responseBytes = context.Response.ContentLength ?? 0;
            if (_metrics.RequestsEnabled)
            {
                _metrics.RecordRequest(Labels(context, principal, status, flags, peer?.MutualTls == true), duration, requestBytes, responseBytes);
            }

            if (span is not null)
            {
                span.SetTag("http.response.status_code", status);
                span.SetTag("mesh.response_flags", flags);
                if (status >= 500)
                {
                    span.SetStatus(ActivityStatusCode.Error);
                }

                span.Stop();
            }

            Log(context, startTime, status, flags, duration, requestBytes, responseBytes, requestId, principal, peer?.Sni, traceId);
        }
    }

    private static Activity? StartSpan(HttpContext context, TraceContext? incoming, string requestId)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }

        var parent = incoming is { } remote
            ? new ActivityContext(ActivityTraceId.CreateFromString(remote.TraceId), ActivitySpanId.CreateFromString(remote.SpanId), ActivityTraceFlags.Recorded, remote.TraceState, isRemote: true)
            : default;
        Activity.Current = null;
        var span = s_source.StartActivity("inbound " + context.Request.Method, ActivityKind.Server, parent);
        if (span is null)
        {
            return null;
        }

        var request = context.Request;
        span.SetTag("http.request.method", request.Method);
        span.SetTag("url.path", request.Path.Value);
        span.SetTag("server.address", request.Host.Host);
        span.SetTag("mesh.request_id", requestId);
        span.SetTag("mesh.reporter", "destination");

        // The application's spans become children of this one, in the formats the caller used.
        var formats = TraceHeaderFormats.W3C | ((incoming?.Formats ?? TraceHeaderFormats.None) & (TraceHeaderFormats.B3Multi | TraceHeaderFormats.B3Single));
        var context2 = new TraceContext(span.TraceId.ToHexString(), span.SpanId.ToHexString(), true, false, span.TraceStateString, TraceHeaderFormats.W3C);
        TraceContextPropagator.Inject(context2, formats, request.Headers, static (headers, name, value) => headers[name] = value, static (headers, name) => headers.Remove(name));
        return span;
    }

    private RequestLabels Labels(HttpContext context, string? principal, int status, string flags, bool mutualTls)
    {
        var (peerNamespace, peerService) = SpiffeParts(principal);
        return new RequestLabels
        {
            Reporter = "destination",
            SourceWorkload = peerService,
            SourceNamespace = peerNamespace,
            SourcePrincipal = principal,
            DestinationService = _identity.ServiceName,
            DestinationServiceName = _identity.ServiceName,
            DestinationNamespace = _identity.Namespace,
            DestinationVersion = _identity.Version,
            DestinationPrincipal = _identity.Principal,
            RequestProtocol = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true ? "grpc" : "http",
            ResponseCode = status,
            ResponseFlags = flags,
            ConnectionSecurityPolicy = mutualTls ? "mutual_tls" : "none",
        };
    }

    private void Log(HttpContext context, DateTimeOffset startTime, int status, string flags, double duration, long requestBytes, long responseBytes,
        string requestId, string? principal, string? sni, string? traceId)
    {
        if (_accessLog is not { } writer)
        {
            return;
        }

        // The writer always keeps flagged lines: without always_log_flagged they pass the status filter and sampling here.
        if (flags != "-" && !_alwaysLogFlagged && (status < _minimumStatus || Random.Shared.NextDouble() * 100 >= _samplePercent))
        {
            return;
        }

        var request = context.Request;
        var connection = context.Connection;
        writer.Write(new AccessLogEntry
        {
            StartTime = startTime,
            Method = request.Method,
            Path = request.Path.Value + request.QueryString.Value,
            Protocol = request.Protocol,
            ResponseCode = status,
            ResponseFlags = flags,
            BytesReceived = requestBytes,
            BytesSent = responseBytes,
            DurationMilliseconds = duration,
            UserAgent = request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            ForwardedFor = request.Headers["x-forwarded-for"].ToString() is { Length: > 0 } forwardedFor ? forwardedFor : null,
            RequestId = requestId,
            Authority = request.Host.Value,
            UpstreamHost = _upstreamHost,
            UpstreamCluster = _cluster,
            DownstreamRemoteAddress = connection.RemoteIpAddress is { } remote ? new System.Net.IPEndPoint(remote, connection.RemotePort).ToString() : null,
            DownstreamLocalAddress = connection.LocalIpAddress is { } local ? new System.Net.IPEndPoint(local, connection.LocalPort).ToString() : null,
            DownstreamPeerIdentity = principal,
            RequestedServerName = sni,
            TraceId = traceId,
        });
    }

    // spiffe://<trust domain>/ns/<namespace>/svc/<service>
    private static (string? Namespace, string? Service) SpiffeParts(string? principal)
    {
        var ns = principal?.IndexOf("/ns/", StringComparison.Ordinal) ?? -1;
        var svc = principal?.IndexOf("/svc/", StringComparison.Ordinal) ?? -1;
        return ns < 0 || svc < ns ? (null, null) : (principal![(ns + 4)..svc], principal[(svc + 5)..]);
    }

    public void Dispose() => _metrics.Dispose();
}
