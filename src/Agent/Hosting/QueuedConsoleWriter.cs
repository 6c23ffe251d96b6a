using System.Text;
using System.Threading.Channels;

namespace Mesh.Agent.Hosting;

/// <summary>
/// A <see cref="TextWriter"/> for standard output that never blocks its callers: text written by a thread is collected
/// per thread until <see cref="Flush"/> or a line end, then queued as one chunk; one background loop writes the chunks
/// to the underlying stream. The agent's log sink (Serilog's console sink, which writes an event and flushes under its
/// own lock) then costs the request path a string copy instead of a <c>write(2)</c> to journald's socket, which
/// blocks when journald falls behind — and with inline socket completions the logging thread may be the socket
/// engine thread (docs/proxy.md "Runtime settings"). When more than <c>capacity</c> chunks wait, new ones are
/// dropped and counted; a notice with the count is written when the queue drains. Disposing writes what is queued.
/// </summary>
internal sealed class QueuedConsoleWriter : TextWriter
{
    [ThreadStatic]
    private static StringBuilder? t_pending;

    private readonly Stream _output;
    // FullMode Wait: TryWrite then answers false when full (DropWrite would answer true and drop silently, uncounted).
    private readonly Channel<string> _chunks;
    private readonly Task _writer;
    private long _dropped;

    public QueuedConsoleWriter(Stream output, int capacity = 10_000)
    {
        _output = output;
        _chunks = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Chunks dropped because the output could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public override Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public override void Write(char value)
    {
        var pending = Pending();
        pending.Append(value);
        if (value == '\n')
        {
            Flush();
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        Pending().Append(value);
        if (value.EndsWith('\n'))
        {
            Flush();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Pending().Append(buffer);
        if (buffer.Length > 0 && buffer[^1] == '\n')
        {
            Flush();
        }
    }

    public override void WriteLine(string? value)
    {
        Pending().Append(value).Append(CoreNewLine);
        Flush();
    }

    /// <summary>Queues what this thread has written since its last flush.</summary>
    public override void Flush()
    {
        var pending = t_pending;
        if (pending is null || pending.Length == 0)
        {
            return;
        }

        var chunk = pending.ToString();
        pending.Clear();
        if (!_chunks.Writer.TryWrite(chunk))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
            _chunks.Writer.TryComplete();
            _writer.GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private static StringBuilder Pending() => t_pending ??= new StringBuilder(256);

    private async Task WriteLoopAsync()
    {
        var reader = _chunks.Reader;
        var reported = 0L;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var chunk))
            {
                await WriteChunkAsync(chunk).ConfigureAwait(false);
            }

            var dropped = Dropped;
            if (dropped != reported)
            {
                await WriteChunkAsync($"mesh-agent: {dropped - reported} log lines dropped: standard output could not keep up{new string(CoreNewLine)}").ConfigureAwait(false);
                reported = dropped;
            }

            await _output.FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteChunkAsync(string chunk)
    {
        try
        {
            await _output.WriteAsync(Encoding.GetBytes(chunk)).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Standard output closed (the reader went away): nothing else to do with log text.
        }
    }
}
