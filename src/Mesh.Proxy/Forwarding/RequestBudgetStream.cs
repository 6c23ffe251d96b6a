using System.Text;
using Mesh.Proxy.Transport;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// <c>connection_pool.http.max_requests_per_connection</c> for upstream HTTP/1.1: wraps the connection stream
/// <see cref="SocketsHttpHandler"/> writes requests on, counts the requests started on it and adds
/// <c>Connection: close</c> to the head of the last allowed one. The server then closes after that response and
/// answers with <c>Connection: close</c>, so the handler retires the connection and opens a new one for the next
/// request: no request fails or is sent twice. Should a non-compliant server ignore the option and keep the connection
/// open, later requests on it still go through (each again with <c>Connection: close</c>): refusing them is not an
/// option, because <see cref="SocketsHttpHandler"/> does not retry a request whose head could not be written.
/// </summary>
/// <remarks>
/// A new request is a write that follows received bytes and starts with an HTTP/1.x request line (a request body sent
/// after a <c>100 Continue</c> is not); HTTP/2 connections (prior-knowledge preface) and upgraded connections are
/// passed through uncounted.
/// </remarks>
internal sealed class RequestBudgetStream : Stream
{
    private static readonly byte[] s_close = "Connection: close\r\n"u8.ToArray();
    private const int MaxRequestLine = 16 * 1024;
    private readonly Stream _inner;
    private readonly int _budget;
    private int _requests;
    private volatile bool _afterRead = true;
    private bool _passThrough;
    private bool _continuationExpected;

    /// <summary>Wraps <paramref name="inner"/>, allowing <paramref name="budget"/> requests (at least 1).</summary>
    public RequestBudgetStream(Stream inner, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        _inner = inner;
        _budget = budget;
    }

    /// <summary>Requests started on this connection.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Makes every connection of <paramref name="handler"/> carry at most <paramref name="maxRequests"/> requests,
    /// wrapping its current <see cref="SocketsHttpHandler.ConnectCallback"/> (e.g. TLS, which stays inside the counter)
    /// or a plain TCP connect. Does nothing for 0 or less (unlimited).
    /// </summary>
    public static void Apply(SocketsHttpHandler handler, int maxRequests)
    {
        if (maxRequests <= 0)
        {
            return;
        }

        var inner = handler.ConnectCallback;
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var stream = inner is null
                ? await EpollTransport.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false)
                : await inner(context, cancellationToken).ConfigureAwait(false);
            return new RequestBudgetStream(stream, maxRequests);
        };
    }

    /// <inheritdoc />
    public override bool CanRead => _inner.CanRead;

    /// <inheritdoc />
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => Received(_inner.Read(buffer));

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? ValueTask.FromResult(Received(read.Result)) : AwaitReadAsync(read);
    }

    private async ValueTask<int> AwaitReadAsync(ValueTask<int> read) => Received(await read.ConfigureAwait(false));

    // Response bytes arrived since the last request head: the next head is a new request. Keyed on data received, not
    // on read calls, because the handler's pre-emptive read on a pooled connection is issued before the next request
    // is written and may complete with that request's whole response.
    private int Received(int count)
    {
        if (count > 0)
        {
            _afterRead = true;
        }

        return count;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var replacement = OnWrite(buffer);
        _inner.Write(replacement is null ? buffer : replacement);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var replacement = OnWrite(buffer.Span);
        return _inner.WriteAsync(replacement is null ? buffer : replacement, cancellationToken);
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // Returns the bytes to write instead of buffer, or null to write buffer as is; throws to refuse a request.
    private byte[]? OnWrite(ReadOnlySpan<byte> buffer)
    {
        if (!_afterRead || _passThrough || buffer.IsEmpty)
        {
            return null;
        }

        _afterRead = false;
        if (_requests == 0 && buffer.StartsWith("PRI * HTTP/2.0"u8))
        {
            _passThrough = true;
            return null;
        }

        if (_continuationExpected)
        {
            // The body of an Expect: 100-continue request, sent after the interim response.
            _continuationExpected = false;
            return null;
        }

        var lineEnd = RequestLineEnd(buffer);
        if (lineEnd < 0)
        {
            return null;
        }

        var head = HeadOf(buffer);
        if (HasHeader(head, "Upgrade:"u8))
        {
            // The connection becomes a tunnel; nothing after this is HTTP.
            _passThrough = true;
            return null;
        }

        _continuationExpected = HasHeader(head, "Expect: 100-continue"u8);
        var count = Interlocked.Increment(ref _requests);
        if (count < _budget)
        {
            return null;
        }

        var insertAt = lineEnd + 2;
        var replacement = new byte[buffer.Length + s_close.Length];
        buffer[..insertAt].CopyTo(replacement);
        s_close.CopyTo(replacement.AsSpan(insertAt));
        buffer[insertAt..].CopyTo(replacement.AsSpan(insertAt + s_close.Length));
        return replacement;
    }

    // Index of the CR ending "METHOD target HTTP/1.x", or -1 when buffer does not start with a request line.
    private static int RequestLineEnd(ReadOnlySpan<byte> buffer)
    {
        var window = buffer[..Math.Min(buffer.Length, MaxRequestLine)];
        var end = window.IndexOf("\r\n"u8);
        if (end <= 0 || !char.IsAsciiLetterUpper((char)window[0]))
        {
            return -1;
        }

        var line = window[..end];
        return line.EndsWith(" HTTP/1.1"u8) || line.EndsWith(" HTTP/1.0"u8) ? end : -1;
    }

    private static ReadOnlySpan<byte> HeadOf(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf("\r\n\r\n"u8);
        return end < 0 ? buffer : buffer[..(end + 2)];
    }

    // True when a header line of head starts with prefix (ASCII case-insensitive).
    private static bool HasHeader(ReadOnlySpan<byte> head, ReadOnlySpan<byte> prefix)
    {
        var rest = head;
        while (true)
        {
            var next = rest.IndexOf("\r\n"u8);
            if (next < 0)
            {
                return false;
            }

            rest = rest[(next + 2)..];
            if (rest.Length >= prefix.Length && Ascii.EqualsIgnoreCase(rest[..prefix.Length], prefix))
            {
                return true;
            }
        }
    }
}
