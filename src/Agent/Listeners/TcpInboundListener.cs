using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Mesh.Identity;
using Mesh.Proxy.Tcp;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The inbound listener of a <c>protocol = "tcp"</c> service: terminates mTLS (a plain connection only when the
/// peer authentication mode of the application port allows it), authorizes the connection on its L4 attributes
/// (peer principal and namespace, source IP, port) and pipes the bytes to the local application. A denied
/// connection is closed and audited.
/// </summary>
internal sealed partial class TcpInboundListener : IAsyncDisposable
{
    private const byte TlsHandshake = 0x16;
    private static readonly TimeSpan s_handshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly IPEndPoint _application;
    private readonly Func<MeshTls> _tls;
    private readonly Func<InboundPolicy> _policy;
    private readonly AuditLog _audit;
    private readonly ILogger _logger;
    private TcpAcceptor? _acceptor;

    private TcpInboundListener(IPEndPoint application, Func<MeshTls> tls, Func<InboundPolicy> policy, AuditLog audit, ILogger logger)
    {
        _application = application;
        _tls = tls;
        _policy = policy;
        _audit = audit;
        _logger = logger;
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint LocalEndPoint => _acceptor!.LocalEndPoint;

    /// <summary>Binds <paramref name="bind"/> and starts accepting; the application's port is the workload port policies match.</summary>
    public static TcpInboundListener Start(string service, IPEndPoint bind, IPEndPoint application, Func<MeshTls> tls, Func<InboundPolicy> policy, ILoggerFactory loggerFactory)
    {
        var listener = new TcpInboundListener(application, tls, policy, new AuditLog(loggerFactory, service), loggerFactory.CreateLogger("Mesh.Agent.Inbound"));
        listener._acceptor = TcpAcceptor.Start(bind, 512, listener.ServeAsync, listener._logger);
        return listener;
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        client.NoDelay = true;
        var remote = client.RemoteEndPoint as IPEndPoint;
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var port = _application.Port;
            var mode = _policy().ModeFor(port);
            SpiffeId? principal = null;
            string? sni = null;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                handshake.CancelAfter(s_handshakeTimeout);
                var first = new byte[1];
                if (await client.ReceiveAsync(first, SocketFlags.Peek, handshake.Token).ConfigureAwait(false) == 0)
                {
                    return;
                }

                if (first[0] != TlsHandshake)
                {
                    if (mode == PeerAuthenticationMode.Strict)
                    {
                        LogRefusedPlain(_logger, remote);
                        return;
                    }
                }
                else
                {
                    if (mode == PeerAuthenticationMode.Disable)
                    {
                        return;
                    }

                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = ssl;
                    await ssl.AuthenticateAsServerAsync(_tls().CreateServerOptionsSelector(mode == PeerAuthenticationMode.Strict), null, handshake.Token).ConfigureAwait(false);
                    principal = MeshTls.GetPeerSpiffeId(ssl);
                    sni = string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName;
                }
            }

            var request = new AuthorizationRequest
            {
                Principal = principal,
                SourceIp = remote?.Address,
                DestinationIp = (client.LocalEndPoint as IPEndPoint)?.Address,
                Sni = sni,
                Host = "",
                Method = "",
                Path = "",
                Port = port,
                Tcp = true,
            };
            var decision = AuthorizationEvaluator.Evaluate(_policy().Policies, request);
            _audit.Record(decision, request, null);
            if (!decision.Allowed)
            {
                return;
            }

            await PipeToApplicationAsync(stream, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            LogConnectionFailed(_logger, remote, e.Message);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PipeToApplicationAsync(Stream peer, CancellationToken stopping)
    {
        using var application = new Socket(_application.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await application.ConnectAsync(_application, stopping).ConfigureAwait(false);
        var applicationStream = new NetworkStream(application, ownsSocket: false);
        await using (applicationStream.ConfigureAwait(false))
        {
            var toApplication = CopyAsync(peer, applicationStream, () =>
            {
                application.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            }, stopping);
            var toPeer = CopyAsync(applicationStream, peer, () => peer is SslStream ssl ? ssl.ShutdownAsync() : Task.CompletedTask, stopping);
            await Task.WhenAll(toApplication, toPeer).ConfigureAwait(false);
        }
    }

    // Copies until the source ends, then half-closes the destination; a reset on either side ends both directions.
    private static async Task CopyAsync(Stream source, Stream destination, Func<Task> halfClose, CancellationToken stopping)
    {
        try
        {
            await source.CopyToAsync(destination, 16 * 1024, stopping).ConfigureAwait(false);
            await halfClose().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            await destination.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting and closes the connections still open.</summary>
    public ValueTask DisposeAsync() => _acceptor?.DisposeAsync() ?? ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a plain-text TCP connection from {Remote}: peer authentication is strict")]
    private static partial void LogRefusedPlain(ILogger logger, IPEndPoint? remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TCP inbound connection from {Remote} ended: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, IPEndPoint? remote, string error);
}
