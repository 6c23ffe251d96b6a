using System.Net;
using System.Net.Sockets;

namespace Mesh.Proxy.Transport;

/// <summary>Opens upstream connections on an <see cref="EpollLoop"/>: a non-blocking connect whose completion epoll reports.</summary>
internal static class EpollConnector
{
    /// <summary>
    /// Connects to <paramref name="endPoint"/>, trying each address its name resolves to in order. Failures throw the
    /// <see cref="SocketException"/> of the last address, as <see cref="Socket.ConnectAsync(EndPoint)"/> does.
    /// </summary>
    public static async ValueTask<EpollStream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            try
            {
                return await ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                failure = e;
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async ValueTask<EpollStream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        EpollSocket? connection = null;
        try
        {
            var pending = false;
            try
            {
                socket.Connect(endPoint);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                pending = true;
            }

            connection = new EpollSocket(socket, EpollLoop.Next());
            if (pending)
            {
                // Registered after the connect started, so the edge that ends it is the first one after registration.
                await connection.WaitConnectedAsync(Readiness.InitialEdges, cancellationToken).ConfigureAwait(false);
            }

            return new EpollStream(connection);
        }
        catch
        {
            if (connection is not null)
            {
                connection.Dispose();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }
}
