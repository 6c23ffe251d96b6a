using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Tests;

public sealed class ConnectionPoolIdleTests
{
    [Fact]
    public async Task Send_AfterHttpIdleTimeout_UsesANewUpstreamConnection()
    {
        await using var backend = await ConnectionTrackingBackend.StartAsync();
        await using var proxy = await StartProxyAsync(backend, TimeSpan.FromMilliseconds(200));

        var first = await ConnectionIdAsync(proxy);

        // The pool closes connections idle past the timeout on a periodic sweep (every max(timeout / 4, 1 s)), so the
        // close comes up to about a second after the timeout, later on a loaded machine.
        await backend.WaitForCloseAsync(first, TimeSpan.FromSeconds(15));
        Assert.NotEqual(first, await ConnectionIdAsync(proxy));
    }

    [Fact]
    public async Task Send_WithinDefaultIdleTimeout_ReusesTheUpstreamConnection()
    {
        await using var backend = await ConnectionTrackingBackend.StartAsync();
        await using var proxy = await StartProxyAsync(backend, idleTimeout: null);

        var first = await ConnectionIdAsync(proxy);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(backend.HasClosed(first));
        Assert.Equal(first, await ConnectionIdAsync(proxy));
    }

    private static async Task<ProxyHarness> StartProxyAsync(ConnectionTrackingBackend backend, TimeSpan? idleTimeout)
    {
        var proxy = await ProxyHarness.StartAsync();
        var pool = new ConnectionPoolSettings { Http = new HttpPoolSettings { IdleTimeout = idleTimeout } };
        proxy.Load(Snap.Host("reviews", null, Snap.Cluster("reviews", new TrafficPolicy { ConnectionPool = pool })));
        proxy.Endpoints.Set("reviews", new UpstreamEndpoint { Address = "127.0.0.1", Port = backend.Port });
        return proxy;
    }

    // The backend answers with the id of the connection the request arrived on.
    private static async Task<string> ConnectionIdAsync(ProxyHarness proxy)
    {
        using var response = await proxy.SendAsync("reviews");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
