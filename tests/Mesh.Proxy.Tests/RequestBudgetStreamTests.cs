using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mesh.Proxy.Forwarding;

namespace Mesh.Proxy.Tests;

public sealed class RequestBudgetStreamTests
{
    [Fact]
    public async Task Write_LastAllowedRequest_GetsConnectionCloseAfterRequestLine()
    {
        var inner = new FakeConnection();
        await using var stream = new RequestBudgetStream(inner, 2);

        await stream.WriteAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await ReadResponseAsync(stream);
        await stream.WriteAsync("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.Equal("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\nHost: x\r\n\r\n", Encoding.ASCII.GetString(inner.Written.ToArray()));
        Assert.Equal(2, stream.Requests);
    }

    [Fact]
    public async Task Write_BeyondBudget_StillSendsAndAsksAgainToClose()
    {
        var inner = new FakeConnection();
        await using var stream = new RequestBudgetStream(inner, 1);
        await stream.WriteAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await ReadResponseAsync(stream);

        await stream.WriteAsync("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.Equal(
            "GET /a HTTP/1.1\r\nConnection: close\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\nHost: x\r\n\r\n",
            Encoding.ASCII.GetString(inner.Written.ToArray()));
    }

    [Fact]
    public async Task Write_BodyAfterContinue_IsNotCountedAsARequest()
    {
        var inner = new FakeConnection();
        await using var stream = new RequestBudgetStream(inner, 2);

        await stream.WriteAsync("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 16\r\n\r\n"u8.ToArray());
        await ReadResponseAsync(stream);
        await stream.WriteAsync("GET / HTTP/1.1\r\n"u8.ToArray());
        await ReadResponseAsync(stream);

        Assert.Equal(1, stream.Requests);
    }

    [Fact]
    public async Task Write_Http2Preface_PassesThroughUncounted()
    {
        var inner = new FakeConnection();
        await using var stream = new RequestBudgetStream(inner, 1);

        for (var i = 0; i < 3; i++)
        {
            await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
            await ReadResponseAsync(stream);
        }

        Assert.Equal(0, stream.Requests);
    }

    [Fact]
    public async Task Send_ToServerIgnoringConnectionClose_NoRequestFailsOrRepeats()
    {
        // A server that neither echoes "Connection: close" nor closes: the handler keeps using the connection, and the
        // stream lets those requests through rather than failing them (the handler would not retry a refused write).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var perConnection = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource();
        var server = ServeAsync(listener, perConnection, stop.Token);
        using var handler = new SocketsHttpHandler { UseProxy = false };
        RequestBudgetStream.Apply(handler, 2);
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port) };

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync(new Uri("/" + i, UriKind.Relative)));
        }

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync(new Uri("/p" + i, UriKind.Relative), new StringContent("body"));
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }

        await stop.CancelAsync();
        Assert.Equal(20, perConnection.Values.Sum());
        _ = server;
    }

    // The handler reads (part of) the response before writing the next request.
    private static async Task ReadResponseAsync(Stream stream)
    {
        var read = await stream.ReadAsync(new byte[1]);
        Assert.Equal(1, read);
    }

    [Fact]
    public async Task Write_AfterReadReturningNothing_IsNotANewRequest()
    {
        var inner = new FakeConnection();
        await using var stream = new RequestBudgetStream(inner, 5);
        await stream.WriteAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        inner.Reads = 0;

        // A zero-byte read (the handler's pre-emptive read) carries no response: the stream still counts one request.
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(1, stream.Requests);
    }

    // Records writes; reads return one byte (a response arriving) unless told otherwise.
    private sealed class FakeConnection : Stream
    {
        public MemoryStream Written { get; } = new();

        public int Reads { get; set; } = 1;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Math.Min(count, Reads);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }

    private static async Task ServeAsync(TcpListener listener, ConcurrentDictionary<int, int> perConnection, CancellationToken cancellationToken)
    {
        var next = 0;
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                var id = Interlocked.Increment(ref next);
                _ = ServeConnectionAsync(socket, id, perConnection, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ServeConnectionAsync(Socket socket, int id, ConcurrentDictionary<int, int> perConnection, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    var head = pending.ToString(0, end);
                    pending.Remove(0, end + 4);
                    if (head.StartsWith("POST", StringComparison.Ordinal))
                    {
                        while (pending.Length < 4)
                        {
                            var more = await stream.ReadAsync(buffer, cancellationToken);
                            if (more == 0)
                            {
                                return;
                            }

                            pending.Append(Encoding.ASCII.GetString(buffer, 0, more));
                        }

                        pending.Remove(0, 4);
                    }

                    perConnection.AddOrUpdate(id, 1, (_, c) => c + 1);
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }
}
