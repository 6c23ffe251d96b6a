using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mesh.Proxy.Observability;

namespace Mesh.Proxy.Tests;

public sealed class TracingTests
{
    [Fact]
    public async Task Send_ThroughTwoProxies_SpansChainFromCallerToBackend()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var spans = new SpanCollector(traceId, expected: 4);
        await using var backend = await Upstream.StartAsync("backend");
        await using var proxyB = await ObservabilityHarness.StartAsync(new() { Identity = new() { ServiceName = "reviews", Role = ProxyRole.Inbound } });
        await using var proxyA = await ObservabilityHarness.StartAsync(new() { Identity = new() { ServiceName = "productpage" } });
        proxyB.Load(Snap.Host("reviews"));
        proxyB.SetEndpoints("reviews", (backend, null));
        proxyA.Load(Snap.Host("reviews", [Snap.To("reviews", name: "to-reviews")]));
        proxyA.SetEndpointPort("reviews", proxyB.Port);

        using var response = await proxyA.SendAsync("reviews", "/books", r => r.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = await spans.WaitAsync();

        var serverA = Assert.Single(all, s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerSpan);
        var clientA = Assert.Single(all, s => s.Kind == ActivityKind.Client && s.ParentSpanId == serverA.SpanId);
        var serverB = Assert.Single(all, s => s.Kind == ActivityKind.Server && s.ParentSpanId == clientA.SpanId);
        var clientB = Assert.Single(all, s => s.Kind == ActivityKind.Client && s.ParentSpanId == serverB.SpanId);
        Assert.Equal("to-reviews", serverA.GetTagItem("mesh.route.name"));
        Assert.Equal(200, serverA.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", serverA.GetTagItem("http.request.method"));
        Assert.Equal("/books", serverA.GetTagItem("url.path"));
        Assert.Equal(200, clientB.GetTagItem("http.response.status_code"));

        var received = Assert.Single(backend.Requests);
        Assert.Equal($"00-{traceId}-{clientB.SpanId}-01", received.Headers["traceparent"]);
        Assert.False(received.Headers.ContainsKey("x-b3-traceid"));
        Assert.False(received.Headers.ContainsKey("b3"));
    }

    [Fact]
    public async Task Send_WithB3Headers_ForwardsB3AndW3CForTheSameTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();
        using var spans = new SpanCollector(traceId, expected: 2);
        await using var backend = await Upstream.StartAsync("backend");
        await using var proxy = await ObservabilityHarness.StartAsync();
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", (backend, null));

        using var response = await proxy.SendAsync("reviews", "/", r =>
        {
            r.Headers.Add("x-b3-traceid", traceId.ToHexString());
            r.Headers.Add("x-b3-spanid", callerSpan);
            r.Headers.Add("x-b3-sampled", "1");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = await spans.WaitAsync();

        var server = Assert.Single(all, s => s.Kind == ActivityKind.Server);
        Assert.Equal(callerSpan, server.ParentSpanId.ToHexString());
        var client = Assert.Single(all, s => s.Kind == ActivityKind.Client);
        var received = Assert.Single(backend.Requests);
        Assert.Equal(traceId.ToHexString(), received.Headers["x-b3-traceid"]);
        Assert.Equal(client.SpanId.ToHexString(), received.Headers["x-b3-spanid"]);
        Assert.Equal("1", received.Headers["x-b3-sampled"]);
        Assert.False(received.Headers.ContainsKey("x-b3-parentspanid"));
        Assert.Equal($"00-{traceId}-{client.SpanId}-01", received.Headers["traceparent"]);
    }

    [Fact]
    public async Task Send_WithSamplingRatioZero_PropagatesUnsampledContextAndRecordsNoSpan()
    {
        var recorded = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MeshProxyTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = recorded.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var backend = await Upstream.StartAsync("backend");
        await using var proxy = await ObservabilityHarness.StartAsync(new() { TraceSamplingRatio = 0 });
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", (backend, null));

        using var response = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceparent = Assert.Single(backend.Requests).Headers["traceparent"];
        Assert.EndsWith("-00", traceparent, StringComparison.Ordinal);
        var traceId = traceparent.Split('-')[1];
        await proxy.DisposeAsync();
        Assert.DoesNotContain(recorded, a => a.TraceId.ToHexString() == traceId);
    }

    /// <summary>Collects the proxy spans of one trace (tests run in parallel, so other traces are ignored).</summary>
    private sealed class SpanCollector : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _spans = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ActivityListener _listener;

        public SpanCollector(ActivityTraceId traceId, int expected)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == MeshProxyTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == traceId)
                    {
                        _spans.Enqueue(activity);
                        if (_spans.Count >= expected)
                        {
                            _done.TrySetResult();
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public async Task<IReadOnlyList<Activity>> WaitAsync()
        {
            await _done.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return [.. _spans];
        }

        public void Dispose() => _listener.Dispose();
    }
}
