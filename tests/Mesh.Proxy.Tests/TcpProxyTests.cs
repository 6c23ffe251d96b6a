using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mesh.Proxy.Endpoints;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

public sealed class TcpProxyTests
{
    private static ProxySnapshot TcpHost(string host, IReadOnlyList<TcpRoute>? routes = null, params Cluster[] clusters) => new()
    {
        Version = "1",
        Host = host,
        Ports = [new ServicePort { Number = 9000, Protocol = PortProtocol.Tcp }],
        Tcp = routes ?? [],
        Clusters = clusters,
    };

    private static Cluster Pool(string host, TcpPoolSettings tcp, params Subset[] subsets) => new()
    {
        Host = host,
        TrafficPolicy = new TrafficPolicy { ConnectionPool = new ConnectionPoolSettings { Tcp = tcp } },
        Subsets = subsets,
    };

    [Fact]
    public async Task Connection_ToEchoBackend_EchoesBytesAndForwardsHalfClose()
    {
        await using var echo = TcpBackend.Echo();
        await using var proxy = TcpHarness.Create().Load(TcpHost("db")).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(echo.Port));
        var payload = new byte[100_000];
        new Random(7).NextBytes(payload);

        using var client = await TcpClientHelper.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(payload, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
        var (data, reset) = await TcpClientHelper.ReadToEndAsync(client, TimeSpan.FromSeconds(20));

        Assert.False(reset);
        Assert.Equal(payload, data);
    }

    [Fact]
    public async Task Metrics_AfterEchoedConnection_CountExactBytesAndOneOpenAndClose()
    {
        await using var echo = TcpBackend.Echo();
        await using var proxy = TcpHarness.Create().Load(TcpHost("db")).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(echo.Port));

        using (var client = await TcpClientHelper.ConnectAsync(proxy.EndPoint))
        {
            await client.SendAsync(new byte[12_345], SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            var (data, _) = await TcpClientHelper.ReadToEndAsync(client, TimeSpan.FromSeconds(20));
            Assert.Equal(12_345, data.Length);
        }

        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed") == 1));
        (string, string) db = ("destination_service", "db");
        Assert.Equal(1, proxy.Sum("mesh.tcp.connections.opened", db));
        Assert.Equal(1, proxy.Sum("mesh.tcp.connections.closed", db, ("response_flags", "-")));
        Assert.Equal(12_345, proxy.Sum("mesh.tcp.received", db));
        Assert.Equal(12_345, proxy.Sum("mesh.tcp.sent", db));
    }

    [Fact]
    public async Task WeightedRoute_80To20Over500Connections_SplitsWithinTolerance()
    {
        await using var v1 = TcpBackend.Named("v1");
        await using var v2 = TcpBackend.Named("v2");
        var route = new TcpRoute
        {
            Ports = [9000],
            Route =
            [
                new RouteDestination { Host = "db", Subset = "v1", Weight = 80 },
                new RouteDestination { Host = "db", Subset = "v2", Weight = 20 },
            ],
        };
        var cluster = new Cluster { Host = "db", Subsets = [Snap.Subset("v1", "v1"), Snap.Subset("v2", "v2")] };
        await using var proxy = TcpHarness.Create(seed: 1234).Load(TcpHost("db", [route], cluster)).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(v1.Port, "", ("version", "v1")), TcpHarness.At(v2.Port, "", ("version", "v2")));

        var counts = new Dictionary<string, int> { ["v1"] = 0, ["v2"] = 0 };
        const int total = 500;
        for (var batch = 0; batch < total / 10; batch++)
        {
            var names = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TcpClientHelper.ReadNameAsync(proxy.EndPoint)));
            foreach (var name in names)
            {
                Assert.True(
                    counts.ContainsKey(name),
                    $"a connection got \"{name}\" instead of a backend's name; closed with UH {proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UH"))}, " +
                    $"UF {proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UF"))}, UO {proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UO"))}; " +
                    $"backends accepted v1 {v1.Accepted}, v2 {v2.Accepted}");
                counts[name]++;
            }
        }

        Assert.Equal(total, counts["v1"] + counts["v2"]);
        Assert.InRange(counts["v1"], 370, 430);
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed") == total));
        Assert.Equal(counts["v2"], proxy.Sum("mesh.tcp.connections.opened", ("destination_version", "v2")));
    }

    [Fact]
    public async Task Connections_ArrivingWhileTheFirstReadsEndpoints_AllReachTheBackend()
    {
        // A subset's state is set up by its first connection. Connections arriving while it reads the endpoints (a slow
        // read here; JIT compilation and CPU load on a proxy that just started) must wait for them, not be closed for
        // want of an endpoint (flag UH).
        await using var v1 = TcpBackend.Named("v1");
        var route = new TcpRoute { Ports = [9000], Route = [new RouteDestination { Host = "db", Subset = "v1" }] };
        var cluster = new Cluster { Host = "db", Subsets = [Snap.Subset("v1", "v1")] };
        SlowEndpointSource? source = null;
        await using var proxy = TcpHarness.Create(configure: s => s.AddSingleton<IEndpointSource>(p => source = new SlowEndpointSource(p.GetRequiredService<StaticEndpointSource>())))
            .Load(TcpHost("db", [route], cluster))
            .Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(v1.Port, "", ("version", "v1")));
        source!.SlowDownNextRead(TimeSpan.FromSeconds(1));

        var first = TcpClientHelper.ReadNameAsync(proxy.EndPoint);
        await source.SlowReadStarted.WaitAsync(TimeSpan.FromSeconds(20));
        var others = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TcpClientHelper.ReadNameAsync(proxy.EndPoint)));

        Assert.Equal("v1", await first);
        Assert.All(others, name => Assert.Equal("v1", name));
        Assert.Equal(0, proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UH")));
    }

    [Fact]
    public async Task Connect_ToBlackholedEndpoint_FailsAfterConnectTimeoutNotDefault()
    {
        using var blackhole = await Blackhole.StartAsync();
        var cluster = Pool("db", new TcpPoolSettings { ConnectTimeout = TimeSpan.FromMilliseconds(400) });
        await using var proxy = TcpHarness.Create().Load(TcpHost("db", null, cluster)).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(blackhole.Port));

        var clock = Stopwatch.StartNew();
        using var client = await TcpClientHelper.ConnectAsync(proxy.EndPoint);
        var (data, _) = await TcpClientHelper.ReadToEndAsync(client, TimeSpan.FromSeconds(20));
        clock.Stop();

        Assert.Empty(data);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UF")) == 1));
    }

    [Fact]
    public async Task MaxConnections_One_RefusesSecondConnectionUntilFirstCloses()
    {
        await using var echo = TcpBackend.Echo();
        var cluster = Pool("db", new TcpPoolSettings { MaxConnections = 1 });
        await using var proxy = TcpHarness.Create().Load(TcpHost("db", null, cluster)).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(echo.Port));

        var first = await TcpClientHelper.ConnectAsync(proxy.EndPoint);
        await first.SendAsync("a"u8.ToArray(), SocketFlags.None);
        var one = new byte[1];
        Assert.Equal(1, await first.ReceiveAsync(one, SocketFlags.None));

        Assert.Equal("", await TcpClientHelper.ReadNameAsync(proxy.EndPoint));

        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "UO")) == 1));
        Assert.Equal(1, proxy.Sum("mesh.circuit_breaker.overflows", ("limit", "connections")));
        Assert.Equal(1, echo.Accepted);

        first.Shutdown(SocketShutdown.Send);
        await TcpClientHelper.ReadToEndAsync(first, TimeSpan.FromSeconds(20));
        first.Dispose();
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Listener.ActiveConnections == 0));

        using var third = await TcpClientHelper.ConnectAsync(proxy.EndPoint);
        await third.SendAsync("b"u8.ToArray(), SocketFlags.None);
        third.Shutdown(SocketShutdown.Send);
        var (echoed, _) = await TcpClientHelper.ReadToEndAsync(third, TimeSpan.FromSeconds(20));
        Assert.Equal("b"u8.ToArray(), echoed);
    }

    [Fact]
    public async Task Connect_ToRefusingEndpoint_EjectsItAndUsesTheOther()
    {
        await using var alive = TcpBackend.Named("alive");
        int deadPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            deadPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var cluster = new Cluster
        {
            Host = "db",
            TrafficPolicy = new TrafficPolicy
            {
                LoadBalancer = new LoadBalancerSettings { Simple = LoadBalancerKind.RoundRobin },
                OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 1, MaxEjectionPercent = 100, BaseEjectionTime = TimeSpan.FromMinutes(5) },
            },
        };
        await using var proxy = TcpHarness.Create().Load(TcpHost("db", null, cluster)).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(deadPort), TcpHarness.At(alive.Port));

        var names = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            names.Add(await TcpClientHelper.ReadNameAsync(proxy.EndPoint));
        }

        Assert.True(names.Count(n => n.Length == 0) <= 1);
        Assert.True(names.Skip(2).All(n => n == "alive"));
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.outlier.ejections") == 1));
    }

    [Fact]
    public async Task IdleTimeout_WhenNoBytesFlow_ClosesConnectionWithIdleFlag()
    {
        await using var echo = TcpBackend.Echo();
        var time = new FakeTimeProvider();
        var cluster = Pool("db", new TcpPoolSettings { IdleTimeout = TimeSpan.FromMinutes(1) });
        await using var proxy = TcpHarness.Create(configure: s => s.AddSingleton<TimeProvider>(time)).Load(TcpHost("db", null, cluster)).Listen("db");
        proxy.SetEndpoints("db", TcpHarness.At(echo.Port));

        using var client = await TcpClientHelper.ConnectAsync(proxy.EndPoint);
        await client.SendAsync("a"u8.ToArray(), SocketFlags.None);
        var one = new byte[1];
        Assert.Equal(1, await client.ReceiveAsync(one, SocketFlags.None));

        time.Advance(TimeSpan.FromSeconds(30));
        await client.SendAsync("b"u8.ToArray(), SocketFlags.None);
        Assert.Equal(1, await client.ReceiveAsync(one, SocketFlags.None));
        time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(0, proxy.Sum("mesh.tcp.connections.closed"));

        time.Advance(TimeSpan.FromSeconds(30));
        var (data, _) = await TcpClientHelper.ReadToEndAsync(client, TimeSpan.FromSeconds(20));
        Assert.Empty(data);
        Assert.True(await TcpHarness.EventuallyAsync(() => proxy.Sum("mesh.tcp.connections.closed", ("response_flags", "IDLE")) == 1));
    }
}
