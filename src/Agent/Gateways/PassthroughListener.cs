using System.Net;
using System.Net.Sockets;
using Mesh.Agent.Endpoints;
using Mesh.Snapshots.Gateways;

namespace Mesh.Agent.Gateways;

/// <summary>
/// A <c>passthrough</c> server: reads the SNI from the client's first TLS record without terminating TLS, picks the
/// service named by it (the SNI host, then its first label, as a Consul service) and splices the TCP connection to
/// one of its endpoints. A ClientHello without a served SNI closes the connection.
/// </summary>
internal sealed partial class PassthroughListener : IAsyncDisposable
{
    private const int MaxRecord = 5 + 16_384;
    private readonly Socket _socket;
    private readonly GatewayServer[] _servers;
    private readonly MeshFirstEndpointSource<ConsulEndpointSource> _endpoints;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public PassthroughListener(IPEndPoint bind, IEnumerable<GatewayServer> servers, MeshFirstEndpointSource<ConsulEndpointSource> endpoints, TimeProvider time, ILogger logger)
    {
        _servers = [.. servers];
        _endpoints = endpoints;
        _time = time;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(bind);
        _socket.Listen(512);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(Socket client)
    {
        using var _ = client;
        client.NoDelay = true;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var buffer = new byte[MaxRecord];
            var read = 0;
            int needed;
            while ((needed = ClientHelloParser.RecordLength(buffer.AsSpan(0, read))) > read && needed <= MaxRecord)
            {
                var n = await client.ReceiveAsync(buffer.AsMemory(read, needed - read), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            var sni = needed < 0 ? null : ClientHelloParser.ReadServerName(buffer.AsSpan(0, read));
            if (sni is null || !_servers.Any(s => HostPattern.MatchesAny(s.Hosts, sni)))
            {
                LogNoServer(_logger, LocalEndPoint.Port, sni ?? "(none)");
                return;
            }

            var endpoint = await FindEndpointAsync(sni, timeout.Token).ConfigureAwait(false);
            if (endpoint is null)
            {
                LogNoEndpoint(_logger, sni);
                return;
            }

            using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            await upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            await using var downstreamStream = new NetworkStream(client, ownsSocket: false);
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            var up = PumpAsync(downstreamStream, upstream, _stopping.Token);
            var down = PumpAsync(upstreamStream, client, _stopping.Token);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            LogConnectionEnded(_logger, e.Message);
        }
    }

    private static async Task PumpAsync(Stream from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16_384];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>The SNI host, then its first label, as a service; waits briefly for Consul's first answer.</summary>
    private async Task<DnsEndPoint?> FindEndpointAsync(string sni, CancellationToken cancellationToken)
    {
        var dot = sni.IndexOf('.', StringComparison.Ordinal);
        string[] candidates = dot > 0 ? [sni, sni[..dot]] : [sni];
        foreach (var candidate in candidates)
        {
            _endpoints.Mesh.Track(candidate);
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var candidate in candidates)
            {
                var healthy = _endpoints.Mesh.GetEndpoints(candidate).Where(e => e.Healthy).ToList();
                if (healthy.Count > 0)
                {
                    var pick = healthy[Random.Shared.Next(healthy.Count)];
                    return new DnsEndPoint(pick.Address, pick.Port);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Passthrough on port {Port}: no server for SNI {Sni}, connection closed")]
    private static partial void LogNoServer(ILogger logger, int port, string sni);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passthrough: no endpoint for SNI {Sni}, connection closed")]
    private static partial void LogNoEndpoint(ILogger logger, string sni);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Passthrough connection ended: {Error}")]
    private static partial void LogConnectionEnded(ILogger logger, string error);
}
