using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Mesh.Proxy.Transport;

/// <summary>
/// Kestrel's transport for the mesh's IP listeners: accepts with the runtime's sockets (bound as Kestrel's socket
/// transport binds them) and serves each connection as an <see cref="EpollConnection"/>. Other endpoint kinds are left
/// to the socket transport.
/// </summary>
internal sealed class EpollTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    // Kestrel's socket transport default.
    private const int Backlog = 512;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint)
        {
            throw new NotSupportedException($"The epoll transport listens on IP endpoints, not {endpoint.GetType().Name}.");
        }

        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        try
        {
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ValueTask<IConnectionListener>(new Listener(socket));
    }

    private sealed class Listener(Socket socket) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                Socket accepted;
                try
                {
                    accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
                {
                    return null;
                }
                catch (SocketException)
                {
                    // A connection reset before it was accepted: the next one.
                    continue;
                }

                EpollConnection connection;
                EpollSocket? registered = null;
                try
                {
                    accepted.NoDelay = true;
                    registered = new EpollSocket(accepted, EpollLoop.Next());
                    connection = new EpollConnection(registered);
                }
                catch (SocketException)
                {
                    // Reset by the peer before its endpoints could be read.
                    if (registered is not null)
                    {
                        registered.Dispose();
                    }
                    else
                    {
                        accepted.Dispose();
                    }

                    continue;
                }

                connection.Start();
                return connection;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
