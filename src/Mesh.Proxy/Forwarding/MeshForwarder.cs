using System.Net.Sockets;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// The request pipeline: host lookup, route match, fault, local replies, weighted split, circuit
/// breaker, mirror, then forwarding with retries and timeouts through YARP's <see cref="IHttpForwarder"/>.
/// </summary>
internal sealed partial class MeshForwarder(
    RouteTableHolder tables,
    ClusterRegistry clusters,
    IHttpForwarder forwarder,
    ProxyServices services,
    TrafficMirror mirror,
    ProxyTelemetry telemetry,
    ILogger<MeshForwarder> logger)
{
    private const int MaxReplayableBody = 64 * 1024;
    private Func<HttpContext, Task>? _pipeline;

    /// <summary>Handles one downstream request, observed (metrics, spans, access log).</summary>
    public Task InvokeAsync(HttpContext context) => telemetry.ObserveAsync(context, _pipeline ??= Pipeline);

    // Synchronous up to the first real wait: the common path (no CORS, fault or local reply) hands the request to
    // ForwardAsync without an async state machine of its own (one allocation fewer per request).
    private Task Pipeline(HttpContext context)
    {
        // One read: the request finishes on this table even if a swap happens meanwhile.
        var table = tables.Current;
        var request = context.Request;
        var host = request.Host.Host;
        if (!table.TryGetHost(host, out var routes))
        {
            RequestObservation.Flag(context, ResponseFlags.NoRoute);
            return context.Features.Get<NoRouteReply>() is { } reply
                ? ProxyResponses.WriteAsync(context, reply.StatusCode, reply.Message)
                : ProxyResponses.WriteAsync(context, StatusCodes.Status404NotFound, "no route for host \"" + host + "\"");
        }

        var port = request.Host.Port ?? context.Connection.LocalPort;
        var route = routes.Match(request, port, out var matcher);
        if (route is null)
        {
            RequestObservation.Flag(context, ResponseFlags.NoRoute);
            return ProxyResponses.WriteAsync(context, StatusCodes.Status404NotFound, "no matching route for host \"" + host + "\"");
        }

        var observation = RequestObservation.Of(context);
        if (observation is not null)
        {
            // Labels for replies before a destination is picked (faults) name the route's first destination.
            observation.RouteName = route.Name;
            if (route.Source.Route is [var first, ..])
            {
                observation.DestinationService = first.Host;
                observation.DestinationVersion = first.Subset;
            }
        }

        return route.Cors is not null || route.Source.Fault is not null
            ? PoliciesThenRouteAsync(context, table, routes, route, matcher, port, observation)
            : Route(context, table, routes, route, matcher, port, observation);
    }

    private async Task PoliciesThenRouteAsync(HttpContext context, RouteTable table, HostRoutes routes, CompiledRoute route, RouteMatcher? matcher, int port, RequestObservation? observation)
    {
        if (route.Cors is { } cors && await CorsResponder.ApplyAsync(context, cors).ConfigureAwait(false))
        {
            return;
        }

        if (route.Source.Fault is { } fault && await FaultInjector.ApplyAsync(fault, context, services.Random, services.Time).ConfigureAwait(false))
        {
            return;
        }

        await Route(context, table, routes, route, matcher, port, observation).ConfigureAwait(false);
    }

    private Task Route(HttpContext context, RouteTable table, HostRoutes routes, CompiledRoute route, RouteMatcher? matcher, int port, RequestObservation? observation)
    {
        var source = route.Source;
        if (source.Redirect is { } redirect)
        {
            return LocalReplies.RedirectAsync(context, redirect);
        }

        if (source.DirectResponse is { } direct)
        {
            return LocalReplies.DirectAsync(context, direct);
        }

        var destination = route.TotalWeight > 0 ? route.PickDestination(services.Random.Next(route.TotalWeight)) : null;
        if (observation is not null && destination is not null)
        {
            observation.DestinationService = destination.Host;
            observation.DestinationVersion = destination.Subset;
        }

        if (destination is null)
        {
            observation?.Flag(ResponseFlags.NoHealthyUpstream);
            return ProxyResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "no healthy upstream");
        }

        var cluster = FindCluster(table, routes, destination.Host);
        var state = clusters.Get(destination.Host, destination.Subset, PortPolicy.KeyPort(cluster, destination.Subset, destination.Port ?? port));
        var config = state.GetConfig(table.Generation, cluster);
        if (!config.Limiter.TryEnter())
        {
            observation?.Flag(ResponseFlags.UpstreamOverflow);
            telemetry.Metrics.RecordOverflow(destination.Host, "requests");
            context.Response.Headers[ProxyResponses.OverflowHeader] = "true";
            return ProxyResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "upstream connect error or disconnect/reset before headers. reset reason: overflow");
        }

        return ForwardAsync(context, table, routes, route, matcher, destination, state, config, port);
    }

    /// <summary>Forwards with retries and timeouts; leaves the cluster's request limiter entered by the caller.</summary>
    private async Task ForwardAsync(HttpContext context, RouteTable table, HostRoutes routes, CompiledRoute route, RouteMatcher? matcher, RouteDestination destination, ClusterState state, ClusterConfig config, int port)
    {
        try
        {
            var source = route.Source;
            var attempts = route.Retry.Attempts;
            var replayable = await PrepareBodyAsync(context, attempts > 0 || source.Mirror is not null).ConfigureAwait(false);
            if (source.Mirror is { } mirrorPolicy && services.Random.Chance(mirrorPolicy.Percentage))
            {
                Mirror(context, table, routes, mirrorPolicy.Destination, port);
            }

            var retries = replayable ? attempts : 0;
            using var routeTimeout = source.Timeout is { } timeout && timeout > TimeSpan.Zero ? new CancellationTokenSource(timeout, services.Time) : null;
            using var linked = routeTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, routeTimeout.Token);
            var token = linked?.Token ?? context.RequestAborted;
            var requestConfig = route.RequestConfig;
            EndpointState? previous = null;
            for (var attempt = 0; ; attempt++)
            {
                var endpoint = config.Balancer.Pick(state.Endpoints, context, previous);
                if (endpoint is null || !config.SubsetKnown)
                {
                    RequestObservation.Flag(context, ResponseFlags.NoHealthyUpstream);
                    await ProxyResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "no healthy upstream").ConfigureAwait(false);
                    return;
                }

                var mayRetry = attempt < retries;
                var transformer = new MeshTransformer(route, matcher, destination, mayRetry);
                using var perTryTimer = route.Retry.PerTryTimeout is { } perTryTimeout && perTryTimeout > TimeSpan.Zero
                    ? new CancellationTokenSource(perTryTimeout, services.Time)
                    : null;
                using var perTry = perTryTimer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token, perTryTimer.Token);
                if (attempt > 0 && context.Request.Body.CanSeek)
                {
                    context.Request.Body.Position = 0;
                }

                var error = ForwarderError.Request;
                var attemptStart = services.Time.GetTimestamp();
                var span = ProxyTelemetry.StartAttempt(context, endpoint.Endpoint.Key, attempt);
                endpoint.Enter();
                try
                {
                    error = await forwarder.SendAsync(context, endpoint.DestinationPrefix, config.Invoker, requestConfig, transformer, perTry?.Token ?? token).ConfigureAwait(false);
                }
                finally
                {
                    endpoint.Exit();
                    telemetry.EndAttempt(context, span, attemptStart, transformer.UpstreamStatus, error);
                }

                var connectFailure = error != ForwarderError.None && IsConnectFailure(context);
                if (config.Outliers?.Report(endpoint, error == ForwarderError.None || transformer.UpstreamStatus != 0 ? transformer.UpstreamStatus : 0) == true)
                {
                    telemetry.Metrics.RecordEjection(destination.Host, endpoint.Endpoint.Key);
                }

                if (error == ForwarderError.None && !transformer.Withheld)
                {
                    if (attempt > 0 && !mayRetry && RetryDecision.ShouldRetryStatus(route.Retry, transformer.UpstreamStatus, transformer.UpstreamGrpcStatus))
                    {
                        RequestObservation.Flag(context, ResponseFlags.UpstreamRetryLimitExceeded);
                    }

                    return;
                }

                if (routeTimeout?.IsCancellationRequested == true)
                {
                    RequestObservation.Flag(context, ResponseFlags.UpstreamRequestTimeout);
                    ResetForLocalReply(context);
                    await ProxyResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "upstream request timeout").ConfigureAwait(false);
                    return;
                }

                var perTryTimedOut = perTryTimer?.IsCancellationRequested == true && !token.IsCancellationRequested;
                var retry = transformer.Withheld
                    || (mayRetry && !context.Response.HasStarted && RetryDecision.ShouldRetryFailure(route.RetryOn, connectFailure, perTryTimedOut));
                if (retry)
                {
                    LogRetrying(logger, attempt + 1, endpoint.Endpoint.Key, transformer.UpstreamStatus, error);
                    telemetry.Metrics.RecordRetry(destination.Host);
                    ResetForLocalReply(context);
                    previous = endpoint;
                    if (!await BackoffAsync(context, route.Retry, attempt + 1, routeTimeout, token).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
                {
                    return;
                }

                LogForwardFailed(logger, endpoint.Endpoint.Key, error);
                ResetForLocalReply(context);
                if (attempt > 0 && RetryDecision.ShouldRetryFailure(route.RetryOn, connectFailure, perTryTimedOut))
                {
                    RequestObservation.Flag(context, ResponseFlags.UpstreamRetryLimitExceeded);
                }

                RequestObservation.Flag(context, perTryTimedOut ? ResponseFlags.UpstreamRequestTimeout : connectFailure ? ResponseFlags.UpstreamConnectionFailure : ResponseFlags.None);
                if (perTryTimedOut)
                {
                    await ProxyResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "upstream request timeout").ConfigureAwait(false);
                }
                else
                {
                    var reason = connectFailure ? "connection failure" : "connection termination";
                    await ProxyResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "upstream connect error or disconnect/reset before headers. reset reason: " + reason).ConfigureAwait(false);
                }

                return;
            }
        }
        finally
        {
            config.Limiter.Exit();
        }
    }

    /// <summary>Waits the jittered back-off before a retry; false when the route timeout or the client ended the wait.</summary>
    private async ValueTask<bool> BackoffAsync(HttpContext context, CompiledRetry retry, int retryNumber, CancellationTokenSource? routeTimeout, CancellationToken token)
    {
        try
        {
            await services.Backoff.WaitAsync(retry.BackoffBase, retry.BackoffMax, retryNumber, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (routeTimeout?.IsCancellationRequested == true && !context.RequestAborted.IsCancellationRequested)
            {
                RequestObservation.Flag(context, ResponseFlags.UpstreamRequestTimeout);
                await ProxyResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "upstream request timeout").ConfigureAwait(false);
            }

            return false;
        }
    }

    private void Mirror(HttpContext context, RouteTable table, HostRoutes routes, RouteDestination destination, int port)
    {
        var cluster = FindCluster(table, routes, destination.Host);
        var state = clusters.Get(destination.Host, destination.Subset, PortPolicy.KeyPort(cluster, destination.Subset, destination.Port ?? port));
        var config = state.GetConfig(table.Generation, cluster);
        var endpoint = config.Balancer.Pick(state.Endpoints, context, null);
        if (endpoint is null)
        {
            return;
        }

        byte[]? body = null;
        if (context.Request.Body.CanSeek && context.Request.Body.Length > 0)
        {
            body = new byte[context.Request.Body.Length];
            context.Request.Body.Position = 0;
            context.Request.Body.ReadExactly(body);
            context.Request.Body.Position = 0;
        }

        mirror.Send(context, endpoint, config.Invoker, body);
    }

    /// <summary>Buffers a small body so it can be replayed; returns false when retries are unsafe.</summary>
    private static async ValueTask<bool> PrepareBodyAsync(HttpContext context, bool wanted)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return true;
        }

        if (!wanted || request.ContentLength is not { } length || length > MaxReplayableBody)
        {
            return false;
        }

        request.EnableBuffering(MaxReplayableBody);
        await request.Body.DrainAsync(context.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        return true;
    }

    private static void ResetForLocalReply(HttpContext context)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        if (!context.Response.HasStarted)
        {
            ProxyResponses.Reset(context.Response);
        }
    }

    private static bool IsConnectFailure(HttpContext context)
    {
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        while (exception is not null)
        {
            if (exception is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut or SocketError.HostNotFound })
            {
                return true;
            }

            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }

            exception = exception.InnerException;
        }

        return false;
    }

    private static Cluster? FindCluster(RouteTable table, HostRoutes routes, string host)
    {
        if (routes.Clusters.TryGetValue(host, out var cluster))
        {
            return cluster;
        }

        return table.TryGetHost(host, out var other) && other.Clusters.TryGetValue(host, out cluster) ? cluster : null;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Retrying after attempt {Attempt} to {Endpoint}: status {Status}, error {Error}")]
    private static partial void LogRetrying(ILogger logger, int attempt, string endpoint, int status, ForwarderError error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Forwarding to {Endpoint} failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string endpoint, ForwarderError error);
}
