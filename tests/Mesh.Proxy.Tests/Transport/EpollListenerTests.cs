using System.Net;
using System.Security.Cryptography;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Proxy.Tests.Transport;

/// <summary>The mesh's web hosts (<see cref="EmbeddedWebHost"/>) served by the epoll transport, with real clients.</summary>
public sealed class EpollListenerTests
{
    [Fact]
    public async Task KeepAliveRequests_AreServedByTheEpollTransport_OnOneConnection()
    {
        await using var server = await EpollServer.StartAsync(context =>
            context.Response.WriteAsync(context.Features.Get<EpollConnection>() is { } connection ? connection.ConnectionId : "other transport"));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });

        var connections = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            connections.Add(await client.GetStringAsync(server.Url));
        }

        var connection = Assert.Single(connections);
        Assert.StartsWith("E", connection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeBodies_BothWays_ArriveIntact()
    {
        // 8 MiB each way: past the input pipe's 1 MiB pause, the output pipe's 64 KiB and the socket buffers, so each loop
        // waits for the other side and sends span several segments. One direction at a time: HttpClient sends an
        // HTTP/1.1 request body before it reads the response, so an echo would rest on how much the sockets buffer.
        var download = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(download);
        await using var server = await EpollServer.StartAsync(async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }

                await context.Response.WriteAsync(Convert.ToHexString(hash.GetHashAndReset()));
                return;
            }

            for (var offset = 0; offset < download.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(download.AsMemory(offset, 64 * 1024));
            }
        });
        using var client = new HttpClient();
        var upload = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        using var posted = await client.PostAsync(server.Url, new ByteArrayContent(upload));
        var downloaded = await client.GetByteArrayAsync(server.Url);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(upload)), await posted.Content.ReadAsStringAsync());
        Assert.Equal(SHA256.HashData(download), SHA256.HashData(downloaded));
    }

    [Fact]
    public async Task CleartextHttp2_ConcurrentStreams_OnOneConnection_AllAnswered()
    {
        await using var server = await EpollServer.StartAsync(
            async context =>
            {
                await Task.Delay(20, context.RequestAborted);
                await context.Response.WriteAsync(context.Request.Protocol + " " + context.Request.Query["i"]);
            },
            HttpProtocols.Http2);
        using var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.GetStringAsync(server.Url + "?i=" + i)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => "HTTP/2 " + i), answers);
    }

    [Fact]
    public async Task ClientGoneMidResponse_AbortsTheRequest()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EpollServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(new string('x', 1024), context.RequestAborted);
                    await Task.Delay(10, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        using (var client = new HttpClient())
        {
            using var response = await client.GetAsync(server.Url, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[100]) > 0);
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ManyConcurrentConnections_AreAllServed()
    {
        // More connections than a loop's first registration table (64), all open at once, twice over so slots are reused.
        const int Connections = 300;
        for (var round = 0; round < 2; round++)
        {
            var arrived = 0;
            var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var server = await EpollServer.StartAsync(async context =>
            {
                if (Interlocked.Increment(ref arrived) == Connections)
                {
                    allArrived.TrySetResult();
                }

                await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await context.Response.WriteAsync(context.Connection.Id);
            });
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections });

            var answers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => client.GetStringAsync(server.Url)));

            Assert.Equal(Connections, answers.Distinct().Count());
        }
    }

    [Fact]
    public async Task BlockingUpstreamRead_OnTheLoopThread_FailsInsteadOfHanging()
    {
        // Kestrel runs a keep-alive connection's requests on its loop thread, which alone signals readiness: a blocking
        // read there would wait for ever.
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var upstream = new DnsEndPoint("127.0.0.1", ((IPEndPoint)silent.LocalEndPoint!).Port);
        await using var server = await EpollServer.StartAsync(async context =>
        {
            await using var stream = await EpollConnector.ConnectAsync(upstream, context.RequestAborted);

            // A continuation usually stays on the loop, but one that completes while being awaited goes to the thread
            // pool, where a blocking read is allowed (and would wait for the silent peer).
            if (!EpollLoop.OnLoopThread)
            {
                await context.Response.WriteAsync("thread pool");
                return;
            }

            try
            {
                _ = stream.Read(new byte[16]);
                await context.Response.WriteAsync("read");
            }
            catch (InvalidOperationException)
            {
                await context.Response.WriteAsync("refused");
            }
        });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(10) };

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await client.GetStringAsync(server.Url));
        }

        Assert.Contains("refused", answers);
        Assert.DoesNotContain("read", answers);
    }

    [Fact]
    public async Task ConnectionEndpoints_AreTheSocketsOwn()
    {
        await using var server = await EpollServer.StartAsync(context =>
            context.Response.WriteAsync($"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort} {context.Connection.RemoteIpAddress}"));
        using var client = new HttpClient();

        var answer = await client.GetStringAsync(server.Url);

        Assert.Equal($"127.0.0.1:{server.Port} 127.0.0.1", answer);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("epoll", true)]
    [InlineData("sockets", false)]
    public void Variable_SelectsTheTransport(string? value, bool epoll)
    {
        Assert.True(EpollTransport.TryParse(value, out var selected));
        Assert.Equal(epoll, selected);
    }

    [Fact]
    public void Variable_WithAnotherValue_IsRefused()
    {
        Assert.False(EpollTransport.TryParse("io_uring", out _));
        Assert.Equal("MESH_PROXY_TRANSPORT=io_uring: expected \"epoll\" or \"sockets\"", EpollTransport.InvalidValueMessage("io_uring"));
    }

    private sealed class EpollServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EpollServer(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        public int Port { get; }

        public string Url => $"http://127.0.0.1:{Port}/";

        public static async Task<EpollServer> StartAsync(RequestDelegate handler, HttpProtocols protocols = HttpProtocols.Http1)
        {
            var builder = EmbeddedWebHost.CreateBuilder(NullLoggerFactory.Instance);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
            var app = builder.Build();
            app.Run(handler);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new EpollServer(app, new Uri(address).Port);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
