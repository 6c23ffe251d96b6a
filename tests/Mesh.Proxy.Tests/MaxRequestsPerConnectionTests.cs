using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

// connection_pool.http.max_requests_per_connection against a real Kestrel upstream that records the connection each
// request arrived on.
public sealed class MaxRequestsPerConnectionTests
{
    [Fact]
    public async Task Send_ThirtySequentialWithLimitThree_UsesTenConnectionsOfThree()
    {
        await using var setup = await Setup.StartAsync(maxRequests: 3);

        for (var i = 0; i < 30; i++)
        {
            using var response = await setup.Proxy.SendAsync("reviews", "/" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The upstream's "Connection: close" is hop-by-hop: the downstream connection stays open.
            Assert.NotEqual(true, response.Headers.ConnectionClose);
        }

        var perConnection = setup.PerConnection();
        Assert.Equal(30, setup.Backend.Count);
        Assert.All(perConnection.Values, count => Assert.Equal(3, count));
        Assert.Equal(10, perConnection.Count);
    }

    [Fact]
    public async Task Send_ParallelBurstWithLimitThree_NoConnectionServesMoreThanThree()
    {
        await using var setup = await Setup.StartAsync(maxRequests: 3);

        for (var round = 0; round < 3; round++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => setup.Proxy.SendAsync("reviews", "/" + round + "/" + i)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(30, setup.Backend.Count);
        Assert.Equal(30, setup.Paths.Distinct().Count());
        Assert.All(setup.PerConnection().Values, count => Assert.InRange(count, 1, 3));
    }

    [Fact]
    public async Task Send_WithLimitOne_OpensAConnectionPerRequest()
    {
        await using var setup = await Setup.StartAsync(maxRequests: 1);

        for (var i = 0; i < 30; i++)
        {
            using var response = await setup.Proxy.SendAsync("reviews", "/" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(30, setup.Backend.Count);
        Assert.Equal(30, setup.PerConnection().Count);
    }

    [Fact]
    public async Task Send_PostBodiesWithLimitTwo_DeliversEachBodyOnce()
    {
        await using var setup = await Setup.StartAsync(maxRequests: 2);

        for (var i = 0; i < 20; i++)
        {
            var body = "payload-" + i + new string('x', 3000);
            using var response = await setup.Proxy.SendAsync("reviews", "/post", HttpMethod.Post, r => r.Content = new StringContent(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(20, setup.Backend.Count);
        Assert.Equal(20, setup.Bodies.Distinct().Count());
        Assert.All(setup.PerConnection().Values, count => Assert.Equal(2, count));
    }

    [Fact]
    public async Task Send_WithoutLimit_KeepsOneConnection()
    {
        await using var setup = await Setup.StartAsync(maxRequests: 0);

        for (var i = 0; i < 10; i++)
        {
            using var response = await setup.Proxy.SendAsync("reviews", "/" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(setup.PerConnection());
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _connections = new();

        private Setup(ProxyHarness proxy, Upstream backend, ConcurrentQueue<string> connections, ConcurrentQueue<string> paths, ConcurrentQueue<string> bodies)
        {
            Proxy = proxy;
            Backend = backend;
            _connections = connections;
            Paths = paths;
            Bodies = bodies;
        }

        public ProxyHarness Proxy { get; }

        public Upstream Backend { get; }

        public ConcurrentQueue<string> Paths { get; }

        public ConcurrentQueue<string> Bodies { get; }

        public static async Task<Setup> StartAsync(int maxRequests)
        {
            var connections = new ConcurrentQueue<string>();
            var paths = new ConcurrentQueue<string>();
            var bodies = new ConcurrentQueue<string>();
            var backend = await Upstream.StartAsync("a", async context =>
            {
                connections.Enqueue(context.Connection.Id);
                paths.Enqueue(context.Request.Path);
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                if (body.Length > 0)
                {
                    bodies.Enqueue(body);
                }

                await context.Response.WriteAsync(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
            var proxy = await ProxyHarness.StartAsync();
            var pool = new ConnectionPoolSettings { Http = new HttpPoolSettings { MaxRequestsPerConnection = maxRequests } };
            proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", new TrafficPolicy { ConnectionPool = pool })));
            proxy.SetEndpoints("reviews", backend);
            return new Setup(proxy, backend, connections, paths, bodies);
        }

        public Dictionary<string, int> PerConnection() =>
            _connections.GroupBy(id => id).ToDictionary(group => group.Key, group => group.Count());

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }
}
