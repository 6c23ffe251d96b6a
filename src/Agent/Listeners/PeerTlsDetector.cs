using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Mesh.Identity;
using Mesh.Snapshots.Security;
using Microsoft.AspNetCore.Connections;

namespace Mesh.Agent.Listeners;

/// <summary>
/// Connection middleware of an inbound listener: peeks at the first byte (0x16 opens a TLS handshake) and either
/// terminates mTLS with the workload's certificate or passes plain text on, as the peer authentication mode allows:
/// <c>strict</c> closes plain connections, <c>disable</c> closes TLS ones, <c>permissive</c> takes both. The mode is
/// asked per connection, so a new snapshot (or a port-level override) applies to the next connection.
/// </summary>
internal sealed partial class PeerTlsDetector(Func<MeshTls> tls, Func<PeerAuthenticationMode> mode, ILogger logger)
{
    private const byte TlsHandshake = 0x16;

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
        if (read.Buffer.IsEmpty)
        {
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            return;
        }

        var first = read.Buffer.FirstSpan[0];
        input.AdvanceTo(read.Buffer.Start); // nothing consumed or examined: the next read sees the same bytes
        var current = mode();
        if (first != TlsHandshake)
        {
            if (current == PeerAuthenticationMode.Strict)
            {
                LogRefusedPlain(logger, connection.RemoteEndPoint);
                connection.Abort();
                return;
            }

            connection.Features.Set(new MeshPeerFeature(false, null));
            await next(connection).ConfigureAwait(false);
            return;
        }

        if (current == PeerAuthenticationMode.Disable)
        {
            connection.Abort();
            return;
        }

        var original = connection.Transport;
        var ssl = new SslStream(new DuplexStream(original.Input.AsStream(leaveOpen: true), original.Output.AsStream(leaveOpen: true)), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            try
            {
                await ssl.AuthenticateAsServerAsync(tls().CreateServerOptionsSelector(current == PeerAuthenticationMode.Strict), null, connection.ConnectionClosed).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                LogHandshakeFailed(logger, connection.RemoteEndPoint, e.Message);
                return;
            }

            connection.Features.Set(new MeshPeerFeature(true, MeshTls.GetPeerSpiffeId(ssl), string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName));
            connection.Transport = new DuplexPipe(PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true)));
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                connection.Transport = original;
            }
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a plain-text connection from {Remote}: peer authentication is strict")]
    private static partial void LogRefusedPlain(ILogger logger, System.Net.EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "mTLS handshake with {Remote} failed: {Error}")]
    private static partial void LogHandshakeFailed(ILogger logger, System.Net.EndPoint? remote, string error);
}
