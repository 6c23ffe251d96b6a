using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Mesh.Telemetry.AccessLogging;

/// <summary>
/// Writes one JSON line per logged request, off the request path: lines are formatted on the caller's thread and a
/// background loop writes them. When the sink falls behind, new lines are dropped and counted
/// rather than slowing traffic.
/// </summary>
public sealed class AccessLogWriter : IAsyncDisposable
{
    private readonly AccessLogOptions _options;
    private readonly Stream _sink;
    private readonly bool _ownsSink;
    private const int MaxKeptBuffer = 16 * 1024;

    // Each thread formats into its own buffer and writer, reused line after line; queued lines are pooled arrays.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    private readonly Channel<Line> _lines;
    private readonly Task _writer;
    private long _dropped;

    /// <summary>Creates a writer to the file or standard output named by <paramref name="options"/>.</summary>
    public AccessLogWriter(AccessLogOptions options)
        : this(options, options.Path is null ? Console.OpenStandardOutput() : new FileStream(options.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), ownsSink: true)
    {
    }

    /// <summary>Creates a writer to <paramref name="sink"/>.</summary>
    public AccessLogWriter(AccessLogOptions options, Stream sink, bool ownsSink = false)
    {
        if (options.SamplePercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SamplePercent, "The access log sample percentage must be between 0 and 100.");
        }

        _options = options;
        _sink = sink;
        _ownsSink = ownsSink;
        // In DropWrite mode TryWrite reports success for a line it drops: the callback is where drops are seen.
        _lines = Channel.CreateBounded<Line>(
            new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            OnDropped);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Lines dropped because the sink could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether a request with this status and flags is logged; <paramref name="sample"/> is uniform in [0, 100).</summary>
    public bool ShouldLog(int responseCode, string responseFlags, double sample) =>
        (responseFlags != "-" && responseFlags.Length > 0) || (responseCode >= _options.MinimumStatus && sample < _options.SamplePercent);

    /// <summary>Logs <paramref name="entry"/> when the options select it.</summary>
    public void Write(AccessLogEntry entry)
    {
        if (!ShouldLog(entry.ResponseCode, entry.ResponseFlags, Random.Shared.NextDouble() * 100))
        {
            return;
        }

        var buffer = t_buffer is { Capacity: <= MaxKeptBuffer } kept ? kept : t_buffer = new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = t_json;
        if (json is null)
        {
            json = t_json = new Utf8JsonWriter(buffer);
        }
        else
        {
            json.Reset(buffer);
        }

        Format(json, entry);
        json.Flush();
        buffer.Write("\n"u8);
        var line = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(line);
        if (!_lines.Writer.TryWrite(new Line(line, buffer.WrittenCount)))
        {
            OnDropped(new Line(line, buffer.WrittenCount));
        }
    }

    private void OnDropped(Line line)
    {
        ArrayPool<byte>.Shared.Return(line.Buffer);
        Interlocked.Increment(ref _dropped);
    }

    /// <summary>Formats <paramref name="entry"/> as the JSON object of one line (no newline).</summary>
    public static void Format(Utf8JsonWriter json, AccessLogEntry entry)
    {
        json.WriteStartObject();
        Span<char> startTime = stackalloc char[32];
        entry.StartTime.UtcDateTime.TryFormat(startTime, out var startLength, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        json.WriteString("start_time", startTime[..startLength]);
        json.WriteString("method", entry.Method);
        json.WriteString("path", entry.Path);
        json.WriteString("protocol", entry.Protocol);
        json.WriteNumber("response_code", entry.ResponseCode);
        json.WriteString("response_flags", entry.ResponseFlags);
        json.WriteNumber("bytes_received", entry.BytesReceived);
        json.WriteNumber("bytes_sent", entry.BytesSent);
        json.WriteNumber("duration", Math.Round(entry.DurationMilliseconds, 3));
        WriteOptional(json, "upstream_service_time", entry.UpstreamServiceTimeMilliseconds);
        WriteOptional(json, "x_forwarded_for", entry.ForwardedFor);
        WriteOptional(json, "user_agent", entry.UserAgent);
        WriteOptional(json, "request_id", entry.RequestId);
        WriteOptional(json, "authority", entry.Authority);
        WriteOptional(json, "upstream_host", entry.UpstreamHost);
        WriteOptional(json, "upstream_cluster", entry.UpstreamCluster);
        WriteOptional(json, "downstream_remote_address", entry.DownstreamRemoteAddress);
        WriteOptional(json, "downstream_local_address", entry.DownstreamLocalAddress);
        WriteOptional(json, "downstream_peer_uri_san", entry.DownstreamPeerIdentity);
        WriteOptional(json, "requested_server_name", entry.RequestedServerName);
        WriteOptional(json, "route_name", entry.RouteName);
        WriteOptional(json, "trace_id", entry.TraceId);
        json.WriteEndObject();
    }

    /// <summary>Writes every queued line, then closes the sink if this writer opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        if (_ownsSink)
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 3));
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line))
            {
                try
                {
                    await _sink.WriteAsync(line.Buffer.AsMemory(0, line.Length)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(line.Buffer);
                }
            }

            await _sink.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A queued line: a pooled array and the length used.</summary>
    private readonly record struct Line(byte[] Buffer, int Length);
}
