namespace Mesh.Proxy.Observability;

/// <summary>
/// A pass-through stream that counts the bytes read from and written to the inner stream; <see cref="Reset"/> points
/// it at the next request's stream so one instance serves a connection.
/// </summary>
internal sealed class CountingStream : Stream
{
    private Stream _inner = Null;
    private long _read;
    private long _written;

    /// <summary>The stream being counted.</summary>
    public Stream Inner => _inner;

    /// <summary>Wraps <paramref name="inner"/> with the counts at zero.</summary>
    public CountingStream Reset(Stream inner)
    {
        _inner = inner;
        Interlocked.Exchange(ref _read, 0);
        Interlocked.Exchange(ref _written, 0);
        return this;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <inheritdoc />
    public override bool CanRead => _inner.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Counted(_inner.Read(buffer, offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => Counted(_inner.Read(buffer));

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<int>(Counted(read.Result)) : CountedAsync(read);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        _inner.Write(buffer, offset, count);
        Interlocked.Add(ref _written, count);
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        Interlocked.Add(ref _written, buffer.Length);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Completed writes (the usual case: Kestrel buffers) count without an async state machine.
        var write = _inner.WriteAsync(buffer, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            Interlocked.Add(ref _written, buffer.Length);
            return default;
        }

        return WrittenAsync(write, buffer.Length);
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask<int> CountedAsync(ValueTask<int> read) => Counted(await read.ConfigureAwait(false));

    private async ValueTask WrittenAsync(ValueTask write, int length)
    {
        await write.ConfigureAwait(false);
        Interlocked.Add(ref _written, length);
    }

    private int Counted(int read)
    {
        Interlocked.Add(ref _read, read);
        return read;
    }
}
