using Mesh.Telemetry.Tracing;

namespace Mesh.Telemetry.Tests.Tracing;

public sealed class TraceContextPropagatorTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    [Fact]
    public void TryExtract_ValidTraceParent_ReadsIdsFlagsAndState()
    {
        var headers = Headers(("traceparent", $"00-{TraceId}-{SpanId}-01"), ("tracestate", "congo=t61rcWkgMzE"));

        Assert.True(TraceContextPropagator.TryExtract(headers.GetValueOrDefault, out var context));

        Assert.Equal(TraceId, context.TraceId);
        Assert.Equal(SpanId, context.SpanId);
        Assert.True(context.Sampled);
        Assert.Equal("congo=t61rcWkgMzE", context.TraceState);
        Assert.Equal(TraceHeaderFormats.W3C, context.Formats);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // all-zero parent id
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // forbidden version
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 has no extra fields
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")] // short trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01")] // not hex
    public void TryExtract_InvalidTraceParent_NoContext(string traceparent)
    {
        var headers = Headers(("traceparent", traceparent));

        Assert.False(TraceContextPropagator.TryExtract(headers.GetValueOrDefault, out _));
    }

    [Fact]
    public void TryExtract_FutureVersionWithExtraFields_Accepted()
    {
        var headers = Headers(("traceparent", $"cc-{TraceId}-{SpanId}-01-what-the-future-holds"));

        Assert.True(TraceContextPropagator.TryExtract(headers.GetValueOrDefault, out var context));
        Assert.Equal(TraceId, context.TraceId);
    }

    [Fact]
    public void TryExtract_B3MultiWith64BitTraceId_PadsTo128Bits()
    {
        var headers = Headers(("x-b3-traceid", "a3ce929d0e0e4736"), ("x-b3-spanid", SpanId), ("x-b3-sampled", "0"));

        Assert.True(TraceContextPropagator.TryExtract(headers.GetValueOrDefault, out var context));

        Assert.Equal("0000000000000000a3ce929d0e0e4736", context.TraceId);
        Assert.False(context.Sampled);
        Assert.Equal(TraceHeaderFormats.B3Multi, context.Formats);
    }

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", true, false)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", false, false)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-d", true, true)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", null, false)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-05e3ac9a4f6e3b90", true, false)]
    public void TryExtract_B3Single_ReadsSamplingState(string b3, bool? sampled, bool debug)
    {
        Assert.True(TraceContextPropagator.TryExtract(Headers(("b3", b3)).GetValueOrDefault, out var context));

        Assert.Equal(TraceId, context.TraceId);
        Assert.Equal(sampled, context.Sampled);
        Assert.Equal(debug, context.Debug);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-x")]
    public void TryExtract_B3SingleWithoutIdsOrBadState_NoContext(string b3)
    {
        Assert.False(TraceContextPropagator.TryExtract(Headers(("b3", b3)).GetValueOrDefault, out _));
    }

    [Fact]
    public void Inject_ChildSpanInArrivalFormats_KeepsTraceAndReplacesSpan()
    {
        var incoming = Headers(("traceparent", $"00-{TraceId}-{SpanId}-01"), ("x-b3-traceid", TraceId), ("x-b3-spanid", SpanId), ("x-b3-parentspanid", "1111111111111111"), ("x-b3-sampled", "1"));
        Assert.True(TraceContextPropagator.TryExtract(incoming.GetValueOrDefault, out var context));
        var child = context.WithSpan(RandomIds.NewSpanId());

        var outgoing = new Dictionary<string, string>(incoming);
        TraceContextPropagator.Inject(child, context.Formats, (k, v) => outgoing[k] = v, k => outgoing.Remove(k));

        Assert.Equal($"00-{TraceId}-{child.SpanId}-01", outgoing["traceparent"]);
        Assert.Equal(TraceId, outgoing["x-b3-traceid"]);
        Assert.Equal(child.SpanId, outgoing["x-b3-spanid"]);
        Assert.Equal("1", outgoing["x-b3-sampled"]);
        Assert.False(outgoing.ContainsKey("x-b3-parentspanid"));
        Assert.NotEqual(SpanId, child.SpanId);
    }

    [Fact]
    public void Inject_NoArrivalFormat_WritesW3C()
    {
        var context = new TraceContext(RandomIds.NewTraceId(), RandomIds.NewSpanId(), true, false, null, TraceHeaderFormats.None);
        var outgoing = new Dictionary<string, string>();

        TraceContextPropagator.Inject(context, TraceHeaderFormats.None, (k, v) => outgoing[k] = v, k => outgoing.Remove(k));

        Assert.Single(outgoing);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", outgoing["traceparent"]);
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
}
