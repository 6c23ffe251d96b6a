using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tcp;

/// <summary>
/// A bound, listening socket that serves every accepted connection on its own task and, when stopped, stops
/// accepting and waits for the connections it started. Shared by the TCP proxy and the agent's TCP inbound
/// listener, which differ only in what they do with a connection.
/// </summary>
public sealed partial class TcpAcceptor : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _acceptLoop;
    private int _stopped;

    private TcpAcceptor(Socket socket, Func<Socket, CancellationToken, Task> serve, ILogger logger)
    {
        _socket = socket;
        _serve = serve;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The endpoint actually bound (the real port when port 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connections being served right now.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Binds and listens on <paramref name="endPoint"/>, then serves each connection with <paramref name="serve"/>.</summary>
    /// <param name="endPoint">Where to listen (port 0 picks a free port).</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="serve">Serves one accepted socket and owns it; the token fires when the acceptor stops.</param>
    /// <param name="logger">Where accept and connection failures are logged.</param>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static TcpAcceptor Start(IPEndPoint endPoint, int backlog, Func<Socket, CancellationToken, Task> serve, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(logger);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpAcceptor(socket, serve, logger);
    }

    /// <summary>Stops accepting, signals the connections being served and waits for them.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(_logger, LocalEndPoint, ex.SocketErrorCode);
                continue;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out _), _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await Task.Yield();
        try
        {
            await _serve(client, _stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One connection's unexpected failure must not stop the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogConnectionFailed(_logger, LocalEndPoint, ex);
            client.Dispose();
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "TCP listener {EndPoint} failed to accept: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, IPEndPoint endPoint, SocketError error);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "TCP connection on {EndPoint} failed")]
    private static partial void LogConnectionFailed(ILogger logger, IPEndPoint endPoint, Exception exception);
}
