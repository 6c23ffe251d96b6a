using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Mesh.Proxy.Transport;

namespace Mesh.Proxy.Tests.Transport;

/// <summary>Upstream connections opened by <see cref="EpollConnector"/>, against plain sockets on loopback.</summary>
public sealed class EpollConnectorTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private DnsEndPoint EndPoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndPoint!).Port);

    public EpollConnectorTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Connect_ToAPortNobodyListensOn_IsRefused()
    {
        var port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _listener.Dispose();

        var error = await Assert.ThrowsAsync<SocketException>(async () => await EpollConnector.ConnectAsync(new DnsEndPoint("127.0.0.1", port), CancellationToken.None));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Connect_ByName_ReachesTheServer()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(new DnsEndPoint("localhost", EndPoint.Port), CancellationToken.None);
        using var server = await accepting.WaitAsync(s_patience);

        await stream.WriteAsync("ping"u8.ToArray());

        var received = new byte[4];
        Assert.Equal(4, await server.ReceiveAsync(received));
        Assert.Equal("ping"u8.ToArray(), received);
    }

    [Fact]
    public async Task LargeTransfers_BothWays_ArriveIntact()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using var server = await accepting.WaitAsync(s_patience);
        await using var serverStream = new NetworkStream(server);
        var upload = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        var download = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        // The server reads slowly at first, so the client's sends find the socket full and wait for room.
        var serverSide = Task.Run(async () =>
        {
            await Task.Delay(200);
            var received = new byte[upload.Length];
            await serverStream.ReadExactlyAsync(received);
            await serverStream.WriteAsync(download);
            server.Shutdown(SocketShutdown.Send);
            return received;
        });
        await stream.WriteAsync(upload);
        var downloaded = new MemoryStream();
        await stream.CopyToAsync(downloaded);

        Assert.Equal(SHA256.HashData(upload), SHA256.HashData(await serverSide.WaitAsync(s_patience)));
        Assert.Equal(SHA256.HashData(download), SHA256.HashData(downloaded.ToArray()));
    }

    [Fact]
    public async Task ZeroByteRead_WaitsForData_ThenForTheEndOfTheStream()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using var server = await accepting.WaitAsync(s_patience);

        // An idle pooled connection waits like this to learn that the server closed it: it must not complete early.
        var waiting = stream.ReadAsync(Memory<byte>.Empty).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await server.SendAsync("data"u8.ToArray());
        Assert.Equal(0, await waiting.WaitAsync(s_patience));
        var buffer = new byte[16];
        Assert.Equal(4, await stream.ReadAsync(buffer));

        // Drained now: the next zero-byte read completes on the edge of new data (SslStream waits so before each record).
        waiting = stream.ReadAsync(Memory<byte>.Empty).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await server.SendAsync("more!"u8.ToArray());
        Assert.Equal(0, await waiting.WaitAsync(s_patience));
        Assert.Equal(5, await stream.ReadAsync(buffer));

        waiting = stream.ReadAsync(Memory<byte>.Empty).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        server.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await waiting.WaitAsync(s_patience));
        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(s_patience));
    }

    [Fact]
    public async Task DataAndEndOfStream_ArrivingTogether_AreBothRead()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using (var server = await accepting.WaitAsync(s_patience))
        {
            await server.SendAsync("last words"u8.ToArray());
        }

        // Both are in the socket before the first read: one edge for both, and a short read that takes the data.
        await Task.Delay(200);
        var buffer = new byte[100];
        Assert.Equal(10, await stream.ReadAsync(buffer));
        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(s_patience));
    }

    [Fact]
    public async Task Dispose_DuringARead_FailsTheRead()
    {
        var accepting = _listener.AcceptAsync();
        var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using var server = await accepting.WaitAsync(s_patience);
        var reading = stream.ReadAsync(new byte[16]).AsTask();
        await Task.Delay(100);

        await stream.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reading.WaitAsync(s_patience));
    }

    [Fact]
    public async Task Cancel_DuringARead_ThrowsOperationCanceled_AndTheStreamStillReads()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using var server = await accepting.WaitAsync(s_patience);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], cancellation.Token).AsTask().WaitAsync(s_patience));

        await server.SendAsync("after"u8.ToArray());
        Assert.Equal(5, await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(s_patience));
    }

    [Fact]
    public async Task PeerReset_FailsTheNextReadWithAnIOException()
    {
        var accepting = _listener.AcceptAsync();
        await using var stream = await EpollConnector.ConnectAsync(EndPoint, CancellationToken.None);
        using (var server = await accepting.WaitAsync(s_patience))
        {
            server.LingerState = new LingerOption(true, 0);
        }

        var error = await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[16]).AsTask().WaitAsync(s_patience));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }
}
