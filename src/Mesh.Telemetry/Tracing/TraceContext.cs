namespace Mesh.Telemetry.Tracing;

/// <summary>Which header format carried a trace context in, so the proxy forwards it in the same format.</summary>
[Flags]
public enum TraceHeaderFormats
{
    /// <summary>No trace headers.</summary>
    None = 0,

    /// <summary>W3C Trace Context: <c>traceparent</c> and <c>tracestate</c>.</summary>
    W3C = 1,

    /// <summary>Zipkin B3 as several headers: <c>x-b3-traceid</c>, <c>x-b3-spanid</c>, ...</summary>
    B3Multi = 2,

    /// <summary>Zipkin B3 as one header: <c>b3</c>.</summary>
    B3Single = 4,
}

/// <summary>
/// A trace context as it crosses one hop: the trace, the caller's span, whether to sample, and the vendor state
/// to pass on. Ids are lowercase hex: 32 digits for trace ids (64-bit B3 ids are left-padded with zeros), 16 for span ids.
/// </summary>
/// <param name="TraceId">32 hex digits.</param>
/// <param name="SpanId">16 hex digits: the span of whoever sent this context.</param>
/// <param name="Sampled">Whether the trace is recorded; null when the sender left the decision to us.</param>
/// <param name="Debug">B3's debug flag: always sample.</param>
/// <param name="TraceState">The W3C <c>tracestate</c> header, passed on unchanged.</param>
/// <param name="Formats">The header formats it arrived in.</param>
public readonly record struct TraceContext(string TraceId, string SpanId, bool? Sampled, bool Debug, string? TraceState, TraceHeaderFormats Formats)
{
    /// <summary>This context with a new span id: the proxy's own span, parent of the next hop.</summary>
    public TraceContext WithSpan(string spanId) => this with { SpanId = spanId };
}
