using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;

namespace Mesh.Proxy.Tcp;

/// <summary>Opens the upstream side of a TCP proxy connection: TCP connect within the timeout, then TLS when the provider asks for it.</summary>
internal sealed class TcpUpstreamConnector(TimeProvider time, IUpstreamTlsProvider? tls)
{
    /// <summary>
    /// Connects to <paramref name="endpoint"/>; the connect timeout covers the TCP handshake and the TLS handshake.
    /// Throws <see cref="TimeoutException"/> when it elapses and <see cref="SocketException"/> or
    /// <see cref="IOException"/> when the connection fails.
    /// </summary>
    public async Task<(Socket Socket, Stream Stream, bool Secure)> ConnectAsync(UpstreamEndpoint endpoint, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            EndPoint target = IPAddress.TryParse(endpoint.Address, out var ip)
                ? new IPEndPoint(ip, endpoint.Port)
                : new DnsEndPoint(endpoint.Address, endpoint.Port);
            await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            var options = tls?.GetClientOptions(new DnsEndPoint(endpoint.Address, endpoint.Port));
            if (options is null)
            {
                return (socket, stream, false);
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            await ssl.AuthenticateAsClientAsync(options, linked.Token).ConfigureAwait(false);
            return (socket, ssl, true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(socket, stream).ConfigureAwait(false);
            throw new TimeoutException("upstream connect timeout after " + connectTimeout.ToString());
        }
        catch
        {
            await CloseAsync(socket, stream).ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask CloseAsync(Socket socket, Stream? stream)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        socket.Dispose();
    }
}
