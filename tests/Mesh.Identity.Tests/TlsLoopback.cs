using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Mesh.Identity.Tests;

/// <summary>What one loopback handshake did on each side.</summary>
internal sealed record TlsOutcome(
    Exception? ServerError,
    Exception? ClientError,
    SpiffeId? ServerSawClient,
    SpiffeId? ClientSawServer,
    SslProtocols Protocol,
    SslApplicationProtocol Alpn);

/// <summary>Runs one real TLS handshake over loopback TCP (port 0) and exchanges four bytes when it succeeds.</summary>
internal static class TlsLoopback
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static Task<TlsOutcome> HandshakeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions) =>
        HandshakeAsync((_, _, _, _) => ValueTask.FromResult(serverOptions), clientOptions);

    /// <summary>Like the other overload, with the server's options chosen per connection by <paramref name="selector"/>.</summary>
    public static async Task<TlsOutcome> HandshakeAsync(ServerOptionsSelectionCallback selector, SslClientAuthenticationOptions clientOptions)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            SpiffeId? serverSaw = null;
            var server = Task.Run(async () =>
            {
                using var socket = await listener.AcceptTcpClientAsync();
                await using var tls = new SslStream(socket.GetStream());
                await tls.AuthenticateAsServerAsync(selector, null);
                serverSaw = MeshTls.GetPeerSpiffeId(tls);
                var buffer = new byte[4];
                await tls.ReadExactlyAsync(buffer);
                await tls.WriteAsync(buffer);
                await tls.FlushAsync();
            });
            var client = Task.Run(async () =>
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await using var tls = new SslStream(socket.GetStream());
                await tls.AuthenticateAsClientAsync(clientOptions);
                var clientSaw = MeshTls.GetPeerSpiffeId(tls);
                await tls.WriteAsync("ping"u8.ToArray());
                var buffer = new byte[4];
                await tls.ReadExactlyAsync(buffer);
                return (clientSaw, tls.SslProtocol, tls.NegotiatedApplicationProtocol);
            });
            Exception? serverError = null;
            Exception? clientError = null;
            (SpiffeId? Id, SslProtocols Protocol, SslApplicationProtocol Alpn) result = default;
            try
            {
                await server.WaitAsync(Timeout);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                serverError = e;
            }

            try
            {
                result = await client.WaitAsync(Timeout);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                clientError = e;
            }

            return new TlsOutcome(serverError, clientError, serverSaw, result.Id, result.Protocol, result.Alpn);
        }
        finally
        {
            listener.Stop();
        }
    }
}
