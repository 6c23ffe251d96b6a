using System.Diagnostics;
using Mesh.Proxy.Balancing;
using Mesh.Telemetry.AccessLogging;
using Mesh.Telemetry.Metrics;
using Mesh.Telemetry.Tracing;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Proxy.Observability;

/// <summary>
/// Wraps each request in the proxy's observability: request id, server span and trace propagation, byte counting,
/// then metrics with Istio's labels and an access log line when it ends. Upstream attempts get client spans.
/// </summary>
internal sealed class ProxyTelemetry : IAsyncDisposable, IDisposable
{
    /// <summary>The request id header, generated when absent and forwarded.</summary>
    public const string RequestIdHeader = "x-request-id";

    private static readonly ActivitySource s_source = new(MeshProxyTelemetry.ActivitySourceName);

    // Key of the connection's reusable observation in IPersistentStateFeature.State.
    private static readonly object s_observationKey = new();

    private readonly ProxyObservabilityOptions _options;
    private readonly ProxyIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ProxyRandom _random;
    private readonly AccessLogWriter? _accessLog;
    private readonly bool _ownsAccessLog;
    private readonly string _reporter;
    private readonly BoundedCache<string, (string? Namespace, string? Service)> _spiffeParts = new();
    private readonly BoundedCache<(string Method, string Route), string> _spanNames = new();
    private readonly BoundedCache<(string Service, string? Version), string> _upstreamClusters = new();
    private EndpointText? _localAddress;

    /// <summary>Creates the telemetry of one proxy; opens the access log when enabled.</summary>
    public ProxyTelemetry(ProxyObservabilityOptions options, ProxyMetrics metrics, TimeProvider time, ProxyRandom random)
    {
        _options = options;
        _identity = options.Identity;
        _time = time;
        _random = random;
        Metrics = metrics;
        _reporter = _identity.Role == ProxyRole.Inbound ? "destination" : "source";
        var log = options.AccessLog;
        if (log.Enabled)
        {
            _ownsAccessLog = log.Writer is null;
            _accessLog = log.Writer ?? new AccessLogWriter(new AccessLogOptions { Path = log.Path, SamplePercent = log.SamplePercent, MinimumStatus = log.MinimumStatus });
        }
    }

    /// <summary>The proxy's metric instruments.</summary>
    public ProxyMetrics Metrics { get; }

    /// <summary>Runs <paramref name="next"/> for the request and records what happened.</summary>
    public async Task ObserveAsync(HttpContext context, Func<HttpContext, Task> next)
    {
        var observation = RentObservation(context);
        observation.Reset(_time.GetTimestamp(), _time.GetUtcNow());
        context.Features.Set(observation);
        var request = context.Request;
        var requestId = request.Headers[RequestIdHeader].ToString();
        if (requestId.Length == 0)
        {
            requestId = RandomIds.NewRequestId();
            request.Headers[RequestIdHeader] = requestId;
        }

        observation.RequestId = requestId;
        observation.PeerPrincipal = PeerIdentity.GetPrincipal(context);
        StartServerSpan(context, observation);

        var requestBody = observation.RequestBody.Reset(request.Body);
        request.Body = requestBody;
        var originalBody = context.Features.Get<IHttpResponseBodyFeature>();
        var responseBody = observation.ResponseBody.Reset(context.Response.Body);
        context.Response.Body = responseBody;
        var failed = true;
        try
        {
            await next(context).ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            await RestoreResponseBodyAsync(context, originalBody, complete: !failed).ConfigureAwait(false);
            Complete(context, observation, failed, requestBody.BytesRead, responseBody.BytesWritten);
        }
    }

    /// <summary>
    /// The connection's observation, reused by its successive requests (Kestrel keeps <see cref="IPersistentStateFeature"/>
    /// per HTTP/1.1 connection and per pooled HTTP/2 stream; requests on one never overlap), or a new one.
    /// </summary>
    private static RequestObservation RentObservation(HttpContext context)
    {
        if (context.Features.Get<IPersistentStateFeature>()?.State is not { } state)
        {
            return new RequestObservation();
        }

        if (state.TryGetValue(s_observationKey, out var kept) && kept is RequestObservation observation)
        {
            // A host that did not reset the bodies still shows last request's counters: never wrap them in themselves.
            return ReferenceEquals(context.Request.Body, observation.RequestBody) || ReferenceEquals(context.Response.Body, observation.ResponseBody)
                ? new RequestObservation()
                : observation;
        }

        observation = new RequestObservation();
        state[s_observationKey] = observation;
        return observation;
    }

    /// <summary>Starts the client span of one upstream attempt and writes the trace headers the upstream will see.</summary>
    public static Activity? StartAttempt(HttpContext context, string upstreamHost, int attempt)
    {
        if (RequestObservation.Of(context) is not { } observation)
        {
            return null;
        }

        observation.UpstreamHost = upstreamHost;
        observation.Attempts = attempt + 1;
        Activity? client = null;
        var traceContext = observation.Fallback;
        if (observation.Server is { } server)
        {
            client = s_source.StartActivity(context.Request.Method, ActivityKind.Client, server.Context);
            var current = client ?? server;
            traceContext = new TraceContext(current.TraceId.ToHexString(), current.SpanId.ToHexString(), current.Recorded, false, current.TraceStateString, TraceHeaderFormats.W3C);
            if (client is not null)
            {
                client.SetTag("http.request.method", context.Request.Method);
                client.SetTag("server.address", observation.DestinationService);
                client.SetTag("network.peer.address", upstreamHost);
                client.SetTag("mesh.route.name", observation.RouteName);
                if (attempt > 0)
                {
                    client.SetTag("http.request.resend_count", BoxedInt32.Get(attempt));
                }
            }
        }

        var formats = TraceHeaderFormats.W3C | (observation.IncomingFormats & (TraceHeaderFormats.B3Multi | TraceHeaderFormats.B3Single));
        TraceContextPropagator.Inject(traceContext, formats, context.Request.Headers, static (headers, name, value) => headers[name] = value, static (headers, name) => headers.Remove(name));
        return client;
    }

    /// <summary>Ends an upstream attempt's span and notes how long the upstream took.</summary>
    public void EndAttempt(HttpContext context, Activity? client, long startTimestamp, int upstreamStatus, ForwarderError error)
    {
        if (RequestObservation.Of(context) is { } observation)
        {
            observation.UpstreamServiceTime = _time.GetElapsedTime(startTimestamp).TotalMilliseconds;
        }

        if (client is null)
        {
            return;
        }

        if (upstreamStatus != 0)
        {
            client.SetTag("http.response.status_code", BoxedInt32.Get(upstreamStatus));
        }

        if (error != ForwarderError.None)
        {
            client.SetTag("error.type", error.ToString());
            client.SetStatus(ActivityStatusCode.Error);
        }
        else if (upstreamStatus >= 500)
        {
            client.SetStatus(ActivityStatusCode.Error);
        }

        client.Stop();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsAccessLog && _accessLog is { } log ? log.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void StartServerSpan(HttpContext context, RequestObservation observation)
    {
        var hasParent = TraceContextPropagator.TryExtract(context.Request.Headers, static (headers, name) => headers.TryGetValue(name, out var value) ? value.ToString() : null, out var incoming);
        observation.IncomingFormats = hasParent ? incoming.Formats : TraceHeaderFormats.None;
        var sampled = hasParent && (incoming.Debug || incoming.Sampled.HasValue)
            ? incoming.Debug || incoming.Sampled == true
            : _random.Chance(_options.TraceSamplingRatio * 100);

        observation.Fallback = hasParent
            ? incoming with { Sampled = sampled }
            : new TraceContext(RandomIds.NewTraceId(), RandomIds.NewSpanId(), sampled, false, null, TraceHeaderFormats.None);
        if (!sampled || !s_source.HasListeners())
        {
            return;
        }

        var parent = hasParent
            ? new ActivityContext(ActivityTraceId.CreateFromString(incoming.TraceId), ActivitySpanId.CreateFromString(incoming.SpanId), ActivityTraceFlags.Recorded, incoming.TraceState, isRemote: true)
            : default;

        // The span's parent is the caller's span, never an activity the web host started for itself.
        Activity.Current = null;
        var server = s_source.StartActivity(context.Request.Method, ActivityKind.Server, parent);
        if (server is null)
        {
            return;
        }

        var request = context.Request;
        server.SetTag("http.request.method", request.Method);
        server.SetTag("url.path", request.Path.Value);
        server.SetTag("server.address", request.Host.Host);
        server.SetTag("network.protocol.name", "http");
        server.SetTag("user_agent.original", request.Headers.UserAgent.ToString());
        server.SetTag("mesh.request_id", observation.RequestId);
        observation.Server = server;
    }

    private static async ValueTask RestoreResponseBodyAsync(HttpContext context, IHttpResponseBodyFeature? original, bool complete)
    {
        var wrapper = context.Features.Get<IHttpResponseBodyFeature>();
        if (original is null || ReferenceEquals(wrapper, original))
        {
            return;
        }

        if (complete && wrapper is not null)
        {
            try
            {
                await wrapper.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The caller went away; nothing left to flush.
            }
        }

        context.Features.Set(original);
    }

    private void Complete(HttpContext context, RequestObservation observation, bool failed, long requestBytes, long responseBytes)
    {
        var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var flags = ResponseFlagNames.ToName(observation.Flags);
        var duration = _time.GetElapsedTime(observation.StartTimestamp).TotalMilliseconds;
        if (Metrics.RequestsEnabled)
        {
            var labels = BuildLabels(context, observation, status, flags);
            Metrics.RecordRequest(labels, duration, requestBytes, responseBytes);
        }

        if (observation.Server is { } server)
        {
            server.DisplayName = observation.RouteName is { } route
                ? _spanNames.Get((context.Request.Method, route), 0, static (key, _) => key.Method + " " + key.Route)
                : context.Request.Method;
            server.SetTag("http.response.status_code", BoxedInt32.Get(status));
            server.SetTag("mesh.route.name", observation.RouteName);
            server.SetTag("mesh.response_flags", flags);
            if (status >= 500)
            {
                server.SetStatus(ActivityStatusCode.Error);
            }

            server.Stop();
        }

        WriteAccessLog(context, observation, status, flags, duration, requestBytes, responseBytes);
    }

    private RequestLabels BuildLabels(HttpContext context, RequestObservation observation, int status, string flags)
    {
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        if (_identity.Role == ProxyRole.Inbound)
        {
            var peer = observation.PeerPrincipal;
            var (peerNamespace, peerService) = peer is null ? default : _spiffeParts.Get(peer, 0, static (principal, _) => SpiffeParts(principal));
            return new RequestLabels
            {
                Reporter = _reporter,
                SourceWorkload = peerService,
                SourceNamespace = peerNamespace,
                SourcePrincipal = peer,
                DestinationService = _identity.ServiceName ?? observation.DestinationService,
                DestinationServiceName = _identity.ServiceName ?? observation.DestinationService,
                DestinationNamespace = _identity.Namespace,
                DestinationVersion = _identity.Version ?? observation.DestinationVersion,
                DestinationPrincipal = _identity.Principal,
                RequestProtocol = grpc ? "grpc" : "http",
                ResponseCode = status,
                ResponseFlags = flags,
                ConnectionSecurityPolicy = PeerIdentity.GetSecurityPolicy(context),
            };
        }

        return new RequestLabels
        {
            Reporter = _reporter,
            SourceWorkload = _identity.ServiceName,
            SourceNamespace = _identity.Namespace,
            SourcePrincipal = _identity.Principal,
            SourceVersion = _identity.Version,
            DestinationService = observation.DestinationService,
            DestinationServiceName = observation.DestinationService,
            DestinationVersion = observation.DestinationVersion,
            RequestProtocol = grpc ? "grpc" : "http",
            ResponseCode = status,
            ResponseFlags = flags,
        };
    }

    private void WriteAccessLog(HttpContext context, RequestObservation observation, int status, string flags, double duration, long requestBytes, long responseBytes)
    {
        if (_accessLog is not { } writer)
        {
            return;
        }

        var log = _options.AccessLog;
        if (observation.Flags != ResponseFlags.None && !log.AlwaysLogFlagged)
        {
            // The writer always keeps flagged lines: apply the status filter and sampling here instead.
            if (status < log.MinimumStatus || !_random.Chance(log.SamplePercent))
            {
                return;
            }
        }
        else if (!writer.ShouldLog(status, flags, 0))
        {
            return;
        }

        var request = context.Request;
        var connection = context.Connection;
        writer.Write(new AccessLogEntry
        {
            StartTime = observation.StartTime,
            Method = request.Method,
            Path = request.Path.Value + request.QueryString.Value,
            Protocol = request.Protocol,
            ResponseCode = status,
            ResponseFlags = flags,
            BytesReceived = requestBytes,
            BytesSent = responseBytes,
            DurationMilliseconds = duration,
            UpstreamServiceTimeMilliseconds = observation.UpstreamServiceTime,
            ForwardedFor = NullIfEmpty(request.Headers["x-forwarded-for"].ToString()),
            UserAgent = NullIfEmpty(request.Headers.UserAgent.ToString()),
            RequestId = observation.RequestId,
            Authority = request.Host.Value,
            UpstreamHost = observation.UpstreamHost,
            UpstreamCluster = observation.DestinationService is { } service
                ? _upstreamClusters.Get((service, observation.DestinationVersion), 0, static (key, _) => key.Version is { } version ? $"outbound|{key.Service}|{version}" : $"outbound|{key.Service}")
                : null,
            DownstreamRemoteAddress = connection.RemoteIpAddress is { } remote ? EndpointText.Format(remote, connection.RemotePort) : null,
            DownstreamLocalAddress = connection.LocalIpAddress is { } local ? LocalAddress(local, connection.LocalPort) : null,
            DownstreamPeerIdentity = observation.PeerPrincipal,
            RequestedServerName = NullIfEmpty(context.Features.Get<ITlsHandshakeFeature>()?.HostName ?? string.Empty),
            RouteName = observation.RouteName,
            TraceId = observation.Server?.TraceId.ToHexString() ?? observation.Fallback.TraceId,
        });
    }

    // A listener has one local address: keep its text rather than formatting it per request.
    private string LocalAddress(System.Net.IPAddress address, int port)
    {
        if (_localAddress is { } last && last.Port == port && last.Address.Equals(address))
        {
            return last.Text;
        }

        var text = new EndpointText(address, port);
        _localAddress = text;
        return text.Text;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static (string? Namespace, string? Service) SpiffeParts(string? principal)
    {
        // spiffe://<trust domain>/ns/<namespace>/svc/<service>
        if (principal is null)
        {
            return (null, null);
        }

        var ns = principal.IndexOf("/ns/", StringComparison.Ordinal);
        var svc = principal.IndexOf("/svc/", StringComparison.Ordinal);
        if (ns < 0 || svc < ns)
        {
            return (null, null);
        }

        return (principal[(ns + 4)..svc], principal[(svc + 5)..]);
    }
}
