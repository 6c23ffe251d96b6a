using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Mesh.Proxy.Transport;

/// <summary>
/// The stream an upstream connection of <see cref="SocketsHttpHandler"/> reads and writes (its
/// <see cref="SocketsHttpHandler.ConnectCallback"/>), over an <see cref="EpollSocket"/>. Failures surface as
/// <see cref="NetworkStream"/>'s do: an <see cref="IOException"/> around the <see cref="SocketException"/>.
/// </summary>
internal sealed class EpollStream(EpollSocket socket) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ValueTask<int> pending;
        try
        {
            pending = socket.ReceiveAsync(buffer, cancellationToken);
        }
        catch (SocketException e)
        {
            throw Failure("read from", e);
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitReceiveAsync(pending);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return socket.Receive(buffer);
        }
        catch (SocketException e)
        {
            throw Failure("read from", e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        // On a loop thread the request leaves with the others of the batch, as responses do (EpollConnection).
        EpollLoop.OnLoopThread ? WriteAfterBatchAsync(buffer, cancellationToken) : SendAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            socket.Send(buffer);
        }
        catch (SocketException e)
        {
            throw Failure("write to", e);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }

        base.Dispose(disposing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> AwaitReceiveAsync(ValueTask<int> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Failure("read from", e);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAfterBatchAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await EpollLoop.AfterBatch();
        await SendAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        ValueTask pending;
        try
        {
            pending = socket.SendAsync(new ReadOnlySequence<byte>(buffer), cancellationToken);
        }
        catch (SocketException e)
        {
            throw Failure("write to", e);
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitSendAsync(pending);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitSendAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Failure("write to", e);
        }
    }

    private static IOException Failure(string direction, SocketException e) =>
        new($"Unable to {direction} the transport connection: {e.Message}.", e);
}
