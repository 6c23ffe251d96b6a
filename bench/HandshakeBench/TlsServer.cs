using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Mesh.Identity;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// "Our handshake" in isolation: accepts TCP connections, authenticates them with <see cref="MeshTls"/> server options
/// (client certificate required, SPIFFE checks) and answers every HTTP/1.1 request on the connection with a fixed
/// response until the client closes. An optional plaintext port serves the same responses without TLS.
/// </summary>
internal sealed class TlsServer
{
    private readonly ServerOptionsSelectionCallback _selector;
    private readonly byte[] _response;
    private long _handshakes;
    private long _failedHandshakes;
    private long _requests;

    public TlsServer(MeshTls tls, int bodySize)
    {
        _selector = tls.CreateServerOptionsSelector(requireClientCertificate: true);
        var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {bodySize}\r\n\r\n");
        _response = [.. header, .. Enumerable.Repeat((byte)'x', bodySize)];
    }

    public string Statistics =>
        $"handshakes={Interlocked.Read(ref _handshakes)} failed={Interlocked.Read(ref _failedHandshakes)} requests={Interlocked.Read(ref _requests)}";

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> and serves until cancelled.</summary>
    public static Socket Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(4096);
        return socket;
    }

    public async Task AcceptLoopAsync(Socket listener, bool tls, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            connection.NoDelay = true;
            _ = ServeAsync(connection, tls, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection, bool tls, CancellationToken cancellationToken)
    {
        Stream stream = new NetworkStream(connection, ownsSocket: true);
        try
        {
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsServerAsync(_selector, null, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _handshakes);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException)
                {
                    Interlocked.Increment(ref _failedHandshakes);
                    return;
                }
            }

            await AnswerRequestsAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset the connection (the handshake client closes with RST) or we are stopping.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes the response once per request head (<c>\r\n\r\n</c>) read; requests have no body.</summary>
    private async Task AnswerRequestsAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var matched = 0; // how much of "\r\n\r\n" ends the bytes seen so far
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            var heads = 0;
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                matched = b == (matched % 2 == 0 ? (byte)'\r' : (byte)'\n') ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4)
                {
                    heads++;
                    matched = 0;
                }
            }

            for (var i = 0; i < heads; i++)
            {
                await stream.WriteAsync(_response, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Add(ref _requests, heads);
        }
    }
}
