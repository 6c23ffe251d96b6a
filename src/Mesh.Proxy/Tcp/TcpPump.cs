using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;

namespace Mesh.Proxy.Tcp;

/// <summary>
/// Copies bytes both ways between a client and an upstream connection. When one side finishes sending (FIN or TLS
/// close_notify), the other side's send direction is shut down; the pump ends when both directions ended. A reset,
/// an error, the idle timeout or cancellation aborts both connections.
/// </summary>
internal sealed class TcpPump
{
    private const int BufferSize = 16 * 1024;
    private readonly Socket _client;
    private readonly Stream _clientStream;
    private readonly Socket _upstream;
    private readonly Stream _upstreamStream;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private long _received;
    private long _sent;
    private int _aborted;
    private ITimer? _idle;

    /// <summary>Creates a pump over two connected sockets and their streams.</summary>
    public TcpPump(Socket client, Stream clientStream, Socket upstream, Stream upstreamStream, TimeSpan idleTimeout, TimeProvider time)
    {
        _client = client;
        _clientStream = clientStream;
        _upstream = upstream;
        _upstreamStream = upstreamStream;
        _idleTimeout = idleTimeout;
        _time = time;
    }

    /// <summary>Bytes received from the client and written upstream.</summary>
    public long ReceivedBytes => Interlocked.Read(ref _received);

    /// <summary>Bytes received from the upstream and written to the client.</summary>
    public long SentBytes => Interlocked.Read(ref _sent);

    /// <summary>True when the connections were aborted (reset, error, idle timeout, cancellation).</summary>
    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>True when the idle timeout closed the connections.</summary>
    public bool IdleTimedOut { get; private set; }

    /// <summary>Runs until both directions ended or the connections were aborted.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var idle = _time.CreateTimer(static state => ((TcpPump)state!).OnIdle(), this, _idleTimeout, Timeout.InfiniteTimeSpan);
        _idle = idle;
        using var registration = cancellationToken.Register(static state => ((TcpPump)state!).Abort(), this);
        var upload = CopyAsync(_clientStream, _upstreamStream, _upstream, upload: true);
        var download = CopyAsync(_upstreamStream, _clientStream, _client, upload: false);
        await Task.WhenAll(upload, download).ConfigureAwait(false);
    }

    /// <summary>Resets both connections (RST) once.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        Reset(_client);
        Reset(_upstream);
    }

    private async Task CopyAsync(Stream from, Stream to, Socket toSocket, bool upload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer.AsMemory(0, BufferSize)).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                _idle?.Change(_idleTimeout, Timeout.InfiniteTimeSpan);
                await to.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                if (upload)
                {
                    Interlocked.Add(ref _received, read);
                }
                else
                {
                    Interlocked.Add(ref _sent, read);
                }
            }

            // Half-close: the peer finished sending, so finish sending to the other side too.
            if (to is SslStream ssl)
            {
                await ssl.ShutdownAsync().ConfigureAwait(false);
            }

            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnIdle()
    {
        IdleTimedOut = true;
        Abort();
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing to reset.
        }

        socket.Dispose();
    }
}
