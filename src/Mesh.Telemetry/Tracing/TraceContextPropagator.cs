
namespace Mesh.Telemetry.Tracing;

/// <summary>
/// Reads and writes trace context headers in W3C Trace Context and Zipkin B3 (single and multi header) formats.
/// A proxy extracts the context, starts its own span as a child, and injects the new context in the formats the
/// request arrived with (W3C when it arrived with none).
/// </summary>
public static class TraceContextPropagator
{
    /// <summary>The W3C header carrying version, trace id, parent id and flags.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C header carrying vendor state.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>B3 single-header format.</summary>
    public const string B3 = "b3";

    /// <summary>B3 multi-header trace id.</summary>
    public const string B3TraceId = "x-b3-traceid";

    /// <summary>B3 multi-header span id.</summary>
    public const string B3SpanId = "x-b3-spanid";

    /// <summary>B3 multi-header parent span id.</summary>
    public const string B3ParentSpanId = "x-b3-parentspanid";

    /// <summary>B3 multi-header sampling decision.</summary>
    public const string B3Sampled = "x-b3-sampled";

    /// <summary>B3 multi-header debug flag.</summary>
    public const string B3Flags = "x-b3-flags";

    /// <summary>Reads a context from request headers; W3C wins when both are present and valid.</summary>
    /// <param name="getHeader">Returns a header's value, or null when absent.</param>
    /// <param name="context">The context found.</param>
    /// <returns>True when a valid context was present.</returns>
    public static bool TryExtract(Func<string, string?> getHeader, out TraceContext context)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        return TryExtract(getHeader, static (get, name) => get(name), out context);
    }

    /// <summary>Reads a context from request headers without a closure: <paramref name="getHeader"/> receives <paramref name="state"/>.</summary>
    /// <typeparam name="TState">What the headers are read from.</typeparam>
    /// <param name="state">Passed to <paramref name="getHeader"/>.</param>
    /// <param name="getHeader">Returns a header's value, or null when absent.</param>
    /// <param name="context">The context found.</param>
    /// <returns>True when a valid context was present.</returns>
    public static bool TryExtract<TState>(TState state, Func<TState, string, string?> getHeader, out TraceContext context)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        var formats = TraceHeaderFormats.None;
        TraceContext? found = null;

        if (getHeader(state, TraceParent) is { } traceparent && TryParseTraceParent(traceparent, out var w3c))
        {
            found = w3c with { TraceState = getHeader(state, TraceStateHeader) };
            formats |= TraceHeaderFormats.W3C;
        }

        if (getHeader(state, B3) is { } single && TryParseB3Single(single, out var b3Single))
        {
            found ??= b3Single;
            formats |= TraceHeaderFormats.B3Single;
        }

        if (getHeader(state, B3TraceId) is { } traceId && getHeader(state, B3SpanId) is { } spanId
            && TryNormalizeTraceId(traceId, out var normalizedTrace) && IsHex(spanId, 16) && !IsAllZero(spanId))
        {
            found ??= new TraceContext(normalizedTrace, spanId.ToLowerInvariant(), ParseB3Sampled(getHeader(state, B3Sampled)), getHeader(state, B3Flags) == "1", null, TraceHeaderFormats.None);
            formats |= TraceHeaderFormats.B3Multi;
        }

        context = found is { } c ? c with { Formats = formats } : default;
        return found is not null;
    }

    /// <summary>Writes <paramref name="context"/> in each of <paramref name="formats"/> (W3C when none).</summary>
    /// <param name="context">The context to send; its span id is the sender's span.</param>
    /// <param name="formats">The formats to write.</param>
    /// <param name="setHeader">Sets (replacing) a header.</param>
    /// <param name="removeHeader">Removes a header.</param>
    public static void Inject(TraceContext context, TraceHeaderFormats formats, Action<string, string> setHeader, Action<string> removeHeader)
    {
        ArgumentNullException.ThrowIfNull(setHeader);
        ArgumentNullException.ThrowIfNull(removeHeader);
        Inject(context, formats, (setHeader, removeHeader), static (s, name, value) => s.setHeader(name, value), static (s, name) => s.removeHeader(name));
    }

    /// <summary>Writes <paramref name="context"/> in each of <paramref name="formats"/> (W3C when none), without a closure.</summary>
    /// <typeparam name="TState">What the headers are written to.</typeparam>
    /// <param name="context">The context to send; its span id is the sender's span.</param>
    /// <param name="formats">The formats to write.</param>
    /// <param name="state">Passed to <paramref name="setHeader"/> and <paramref name="removeHeader"/>.</param>
    /// <param name="setHeader">Sets (replacing) a header.</param>
    /// <param name="removeHeader">Removes a header.</param>
    public static void Inject<TState>(TraceContext context, TraceHeaderFormats formats, TState state, Action<TState, string, string> setHeader, Action<TState, string> removeHeader)
    {
        ArgumentNullException.ThrowIfNull(setHeader);
        ArgumentNullException.ThrowIfNull(removeHeader);
        if (formats == TraceHeaderFormats.None)
        {
            formats = TraceHeaderFormats.W3C;
        }

        var sampled = context.Debug || context.Sampled == true;
        if ((formats & TraceHeaderFormats.W3C) != 0)
        {
            setHeader(state, TraceParent, $"00-{context.TraceId}-{context.SpanId}-{(sampled ? "01" : "00")}");
            if (!string.IsNullOrEmpty(context.TraceState))
            {
                setHeader(state, TraceStateHeader, context.TraceState);
            }
        }

        if ((formats & TraceHeaderFormats.B3Single) != 0)
        {
            var decision = context.Debug ? "-d" : context.Sampled is { } s ? (s ? "-1" : "-0") : string.Empty;
            setHeader(state, B3, $"{context.TraceId}-{context.SpanId}{decision}");
        }

        if ((formats & TraceHeaderFormats.B3Multi) != 0)
        {
            setHeader(state, B3TraceId, context.TraceId);
            setHeader(state, B3SpanId, context.SpanId);
            removeHeader(state, B3ParentSpanId);
            if (context.Debug)
            {
                setHeader(state, B3Flags, "1");
                removeHeader(state, B3Sampled);
            }
            else if (context.Sampled is { } s)
            {
                setHeader(state, B3Sampled, s ? "1" : "0");
            }
        }
    }

    internal static bool TryParseTraceParent(string value, out TraceContext context)
    {
        context = default;
        var span = value.AsSpan().Trim();

        // version "-" trace-id "-" parent-id "-" flags; later versions may append "-" fields we ignore.
        if (span.Length < 55 || span[2] != '-' || span[35] != '-' || span[52] != '-')
        {
            return false;
        }

        var version = span[..2];
        if (!IsHex(version, 2) || version.SequenceEqual("ff"))
        {
            return false;
        }

        if (version.SequenceEqual("00") && span.Length != 55)
        {
            return false;
        }

        if (span.Length > 55 && span[55] != '-')
        {
            return false;
        }

        var traceId = span[3..35];
        var parentId = span[36..52];
        var flags = span[53..55];
        if (!IsHex(traceId, 32) || !IsHex(parentId, 16) || !IsHex(flags, 2) || IsAllZero(traceId) || IsAllZero(parentId))
        {
            return false;
        }

        var sampled = (Convert.ToByte(flags.ToString(), 16) & 1) == 1;
        context = new TraceContext(traceId.ToString().ToLowerInvariant(), parentId.ToString().ToLowerInvariant(), sampled, false, null, TraceHeaderFormats.W3C);
        return true;
    }

    internal static bool TryParseB3Single(string value, out TraceContext context)
    {
        context = default;
        var parts = value.Trim().Split('-');

        // A lone sampling decision ("0", "1", "d") carries no ids: nothing to continue.
        if (parts.Length < 2 || !TryNormalizeTraceId(parts[0], out var traceId) || !IsHex(parts[1], 16) || IsAllZero(parts[1]))
        {
            return false;
        }

        bool? sampled = null;
        var debug = false;
        if (parts.Length >= 3)
        {
            switch (parts[2])
            {
                case "1": sampled = true; break;
                case "0": sampled = false; break;
                case "d": debug = true; sampled = true; break;
                default: return false;
            }
        }

        if (parts.Length >= 4 && !IsHex(parts[3], 16))
        {
            return false;
        }

        context = new TraceContext(traceId, parts[1].ToLowerInvariant(), sampled, debug, null, TraceHeaderFormats.B3Single);
        return true;
    }

    private static bool? ParseB3Sampled(string? value) => value switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => null,
    };

    private static bool TryNormalizeTraceId(string value, out string traceId)
    {
        traceId = string.Empty;
        if ((value.Length != 16 && value.Length != 32) || !IsHex(value, value.Length) || IsAllZero(value))
        {
            return false;
        }

        traceId = (value.Length == 16 ? "0000000000000000" + value : value).ToLowerInvariant();
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> value, int length)
    {
        if (value.Length != length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c != '0')
            {
                return false;
            }
        }

        return true;
    }
}
