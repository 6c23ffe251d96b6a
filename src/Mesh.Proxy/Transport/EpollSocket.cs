using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Mesh.Proxy.Transport;

/// <summary>
/// A connected, non-blocking TCP socket whose readiness comes from an <see cref="EpollLoop"/> rather than the runtime's
/// socket engine: reads wait for an edge without a system call once the socket was found drained, and sends go straight
/// to <c>sendmsg</c> from the calling thread. At most one receive and one send are in flight at a time (the
/// contract of a <see cref="Stream"/> and of the transport's two loops).
/// </summary>
internal sealed class EpollSocket : IDisposable
{
    private const int MaxGatheredSegments = 16;

    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly EpollLoop _loop;
    private readonly int _fd;
    private int _disposed;

    /// <summary>Takes ownership of <paramref name="socket"/> and registers it with <paramref name="loop"/>.</summary>
    public EpollSocket(Socket socket, EpollLoop loop)
    {
        socket.Blocking = false;
        _socket = socket;
        _handle = socket.SafeHandle;
        _loop = loop;
        _fd = (int)_handle.DangerousGetHandle();
        loop.Register(this, _fd);
    }

    /// <summary>The registration token the loop's events carry.</summary>
    public ulong Token { get; set; }

    /// <summary>The read direction.</summary>
    public Readiness Read { get; } = new();

    /// <summary>The write direction.</summary>
    public Readiness Write { get; } = new();

    /// <summary>The socket, for its endpoints and options; its I/O methods are not used.</summary>
    public Socket Socket => _socket;

    /// <summary>Completes when a receive may find data (or the end of the stream); no system call when drained.</summary>
    public ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        var snapshot = Read.Snapshot();
        return Read.IsDrained(snapshot) ? Read.WaitAsync(snapshot, cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// One <c>recv</c> into <paramref name="buffer"/>: the byte count, 0 at the end of the stream, or -1 when nothing was
    /// there (then <see cref="WaitReadableAsync"/> waits for the next edge).
    /// </summary>
    /// <exception cref="SocketException">The connection failed (reset, aborted).</exception>
    public unsafe int TryReceive(Span<byte> buffer, int flags = 0)
    {
        var snapshot = Read.Snapshot();
        while (true)
        {
            nint received;
            var added = false;
            _handle.DangerousAddRef(ref added);
            try
            {
                fixed (byte* pointer = buffer)
                {
                    received = LibC.Receive(_fd, pointer, (nuint)buffer.Length, flags);
                }
            }
            finally
            {
                _handle.DangerousRelease();
            }

            if (received >= 0)
            {
                if (received < buffer.Length && received > 0)
                {
                    Read.MarkDrained(snapshot);
                }

                return (int)received;
            }

            var errno = LibC.LastError;
            if (errno == LibC.EAGAIN)
            {
                Read.MarkDrained(snapshot);
                return -1;
            }

            if (errno != LibC.EINTR)
            {
                throw new SocketException((int)LibC.ToSocketError(errno));
            }
        }
    }

    /// <summary>Receives into <paramref name="buffer"/>; an empty buffer waits until data or the end of the stream is there.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        var snapshot = Read.Snapshot();
        if (!Read.IsDrained(snapshot))
        {
            var received = ReceiveOrPeek(buffer.Span);
            if (received >= 0)
            {
                return new ValueTask<int>(received);
            }
        }

        return ReceiveAfterEdgeAsync(buffer, cancellationToken);
    }

    /// <summary>Receives into <paramref name="buffer"/>, blocking the calling thread until something is there.</summary>
    public int Receive(Span<byte> buffer)
    {
        while (true)
        {
            ThrowIfClosed();
            var snapshot = Read.Snapshot();
            if (!Read.IsDrained(snapshot))
            {
                var received = ReceiveOrPeek(buffer);
                if (received >= 0)
                {
                    return received;
                }

                snapshot = Read.Snapshot();
            }

            if (Read.IsDrained(snapshot))
            {
                BlockUntil(Read.WaitAsync(snapshot, CancellationToken.None));
            }
        }
    }

    /// <summary>Sends all of <paramref name="buffer"/>, from the calling thread as far as the socket takes it.</summary>
    public ValueTask SendAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var snapshot = Write.Snapshot();
            var sent = TrySend(buffer);
            if (sent < 0)
            {
                return SendAfterEdgeAsync(buffer, snapshot, cancellationToken);
            }

            buffer = buffer.Slice(sent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends all of <paramref name="buffer"/>, blocking the calling thread while the socket is full.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var snapshot = Write.Snapshot();
            var sent = TrySend(buffer);
            if (sent < 0)
            {
                BlockUntil(Write.WaitAsync(snapshot, CancellationToken.None));
                continue;
            }

            buffer = buffer[sent..];
        }
    }

    /// <summary>Completes when a non-blocking connect started on the socket has finished; throws if it failed.</summary>
    public async ValueTask WaitConnectedAsync(int snapshot, CancellationToken cancellationToken)
    {
        // A connecting socket reports EPOLLOUT once connected, EPOLLERR (with EPOLLHUP) once refused or timed out.
        await Write.WaitAsync(snapshot, cancellationToken).ConfigureAwait(false);
        ThrowIfClosed();
        var error = (SocketError)(int)_socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }

    /// <summary>Ends both directions (<c>shutdown(2)</c>); the peer sees the end of the stream, waiters wake.</summary>
    public void Shutdown()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer or closed: nothing left to end.
        }
    }

    /// <summary>Leaves the loop, wakes any waiter (it then throws <see cref="ObjectDisposedException"/>) and closes the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _loop.Unregister(Token, _fd);
        Read.Close();
        Write.Close();

        // The handle's reference count defers close(2) past any recv or send still running on another thread.
        _socket.Dispose();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAfterEdgeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = Read.Snapshot();
            if (Read.IsDrained(snapshot))
            {
                await Read.WaitAsync(snapshot, cancellationToken).ConfigureAwait(false);
                ThrowIfClosed();
                if (buffer.IsEmpty)
                {
                    // An edge after the socket was drained: data or the end of the stream arrived. SslStream waits like
                    // this before every read of a response, so not peeking saves a recv per request. An edge that
                    // turns out stale costs nothing more: the caller's next read finds the socket drained and waits.
                    return 0;
                }
            }

            ThrowIfClosed();
            var received = ReceiveOrPeek(buffer.Span);
            if (received >= 0)
            {
                return received;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAfterEdgeAsync(ReadOnlySequence<byte> buffer, int snapshot, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Write.WaitAsync(snapshot, cancellationToken).ConfigureAwait(false);
            ThrowIfClosed();
            while (true)
            {
                snapshot = Write.Snapshot();
                var sent = TrySend(buffer);
                if (sent < 0)
                {
                    break;
                }

                buffer = buffer.Slice(sent);
                if (buffer.IsEmpty)
                {
                    return;
                }
            }
        }
    }

    // A zero-byte receive must not complete before data or the end of the stream is there (an idle pooled connection
    // uses one to learn that the server closed it). Unless an edge since the socket was drained says so, it peeks one byte.
    private unsafe int ReceiveOrPeek(Span<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            return TryReceive(buffer);
        }

        byte peeked = 0;
        return TryReceive(new Span<byte>(&peeked, 1), LibC.MSG_PEEK) < 0 ? -1 : 0;
    }

    private unsafe int TrySend(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            var vector = new LibC.IoVector { Base = pointer, Length = (nuint)buffer.Length };
            return TrySend(&vector, 1);
        }
    }

    private unsafe int TrySend(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return TrySend(buffer.FirstSpan);
        }

        var vectors = stackalloc LibC.IoVector[MaxGatheredSegments];
        var segments = buffer.GetEnumerator();
        return Gather(ref segments, vectors, 0);
    }

    // Pins each segment with `fixed` until the sendmsg: recursion keeps every pin in scope without allocating a handle
    // per segment.
    private unsafe int Gather(ref ReadOnlySequence<byte>.Enumerator segments, LibC.IoVector* vectors, int count)
    {
        if (count == MaxGatheredSegments || !segments.MoveNext())
        {
            return TrySend(vectors, count);
        }

        var span = segments.Current.Span;
        fixed (byte* pointer = span)
        {
            vectors[count] = new LibC.IoVector { Base = pointer, Length = (nuint)span.Length };
            return Gather(ref segments, vectors, count + 1);
        }
    }

    // One sendmsg of the pinned vectors: the bytes sent, or -1 when the socket is full.
    private unsafe int TrySend(LibC.IoVector* vectors, int count)
    {
        var message = new LibC.MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
        while (true)
        {
            nint sent;
            var added = false;
            _handle.DangerousAddRef(ref added);
            try
            {
                sent = LibC.SendMessage(_fd, &message, LibC.MSG_NOSIGNAL);
            }
            finally
            {
                _handle.DangerousRelease();
            }

            if (sent >= 0)
            {
                return (int)sent;
            }

            if (CheckSendError(LibC.LastError))
            {
                return -1;
            }
        }
    }

    // True for EAGAIN (wait for room), false for EINTR (retry); throws for a failed connection.
    private static bool CheckSendError(int errno)
    {
        if (errno == LibC.EAGAIN)
        {
            return true;
        }

        if (errno == LibC.EINTR)
        {
            return false;
        }

        throw new SocketException((int)LibC.ToSocketError(errno));
    }

    // Only the loop signals readiness, so its own thread waiting here would wait for ever.
    private static void BlockUntil(ValueTask edge)
    {
        if (!edge.IsCompleted && EpollLoop.OnLoopThread)
        {
            throw new InvalidOperationException("A blocking read or write on an epoll loop thread would never complete: use the asynchronous methods.");
        }

        edge.AsTask().GetAwaiter().GetResult();
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Read.IsClosed, this);
}
