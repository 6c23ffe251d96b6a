using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public sealed class ConnectionPoolIdleTests
{
    [Fact]
    public async Task Send_AfterHttpIdleTimeout_UsesANewUpstreamConnection()
    {
        var ids = await ConnectionIdsAsync(TimeSpan.FromMilliseconds(200));

        Assert.NotEqual(ids.First, ids.Second);
    }

    [Fact]
    public async Task Send_WithinDefaultIdleTimeout_ReusesTheUpstreamConnection()
    {
        var ids = await ConnectionIdsAsync(idleTimeout: null);

        Assert.Equal(ids.First, ids.Second);
    }

    // Two requests 1 s apart; the backend answers with the id of the connection each arrived on.
    private static async Task<(string First, string Second)> ConnectionIdsAsync(TimeSpan? idleTimeout)
    {
        await using var backend = await Upstream.StartAsync("a", context => context.Response.WriteAsync(context.Connection.Id));
        await using var proxy = await ProxyHarness.StartAsync();
        var pool = new ConnectionPoolSettings { Http = new HttpPoolSettings { IdleTimeout = idleTimeout } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", new TrafficPolicy { ConnectionPool = pool })));
        proxy.SetEndpoints("reviews", backend);

        using var first = await proxy.SendAsync("reviews");
        var firstId = await first.Content.ReadAsStringAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var second = await proxy.SendAsync("reviews");
        return (firstId, await second.Content.ReadAsStringAsync());
    }
}
