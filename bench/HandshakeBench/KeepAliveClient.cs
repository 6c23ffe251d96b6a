using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Mesh.Identity;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// Requests over reused connections, one outstanding request per connection: with <c>tls</c> the connection is
/// authenticated once (mTLS) and then carries requests until the end, otherwise it is plaintext.
/// </summary>
internal sealed class KeepAliveClient(MeshTls? tls, IPEndPoint server)
{
    public async Task WorkAsync(LoadCounters counters, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConnectionAsync(counters, cancellationToken).ConfigureAwait(false);
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

    private async Task ConnectionAsync(LoadCounters counters, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var network = new NetworkStream(socket, ownsSocket: false);
        await using (network.ConfigureAwait(false))
        {
            SslStream? ssl = null;
            try
            {
                Stream stream = network;
                if (tls is not null)
                {
                    ssl = new SslStream(network, leaveInnerStreamOpen: true);
                    await ssl.AuthenticateAsClientAsync(tls.CreateClientOptions(BenchCertificates.ServerId), cancellationToken).ConfigureAwait(false);
                    stream = ssl;
                }

                var exchange = new HttpExchange();
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (!await exchange.RunAsync(stream, cancellationToken).ConfigureAwait(false))
                    {
                        counters.Fail();
                        return;
                    }

                    counters.Complete();
                }
            }
            finally
            {
                if (ssl is not null)
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
