using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Mesh.Identity;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// Full mutual-TLS handshakes as fast as the workers go: each operation is a new TCP connection, a handshake with
/// fresh <see cref="SslClientAuthenticationOptions"/> (resumption off, the client certificate of the bench CA),
/// one request and response, then a reset (linger 0, so no TIME_WAIT piles up on loopback).
/// </summary>
internal sealed class HandshakeClient(MeshTls tls, IPEndPoint server)
{
    public async Task WorkAsync(LoadCounters counters, CancellationToken cancellationToken)
    {
        var exchange = new HttpExchange();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await OneAsync(exchange, cancellationToken).ConfigureAwait(false))
                {
                    counters.Complete();
                }
                else
                {
                    counters.Fail();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
            {
                counters.Fail();
            }
        }
    }

    private async Task<bool> OneAsync(HttpExchange exchange, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.LingerState = new LingerOption(true, 0);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            await ssl.AuthenticateAsClientAsync(tls.CreateClientOptions(BenchCertificates.ServerId), cancellationToken).ConfigureAwait(false);
            return await exchange.RunAsync(ssl, cancellationToken).ConfigureAwait(false);
        }
    }
}
