using System.Net;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public class TableSwapTests
{
    private static HttpRoute Tagged(string destination, string tag) => Snap.To(destination) with
    {
        Headers = new HeaderOperations { Response = new HeaderMutation { Set = new Dictionary<string, string> { ["x-table"] = tag } } },
    };

    [Fact]
    public async Task Swap_WhileRequestInFlight_InFlightFinishesOnOldTableNewOnesUseNew()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await Upstream.StartAsync("old", async c =>
        {
            received.TrySetResult();
            await release.Task;
            await c.Response.WriteAsync("old");
        });
        await using var next = await Upstream.StartAsync("next");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews", [Tagged("reviews-old", "1")]));
        proxy.SetEndpoints("reviews-old", old);
        proxy.SetEndpoints("reviews-next", next);

        var inFlight = proxy.SendAsync("reviews");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        proxy.Load(Snap.Host("reviews", [Tagged("reviews-next", "2")]));
        using var fresh = await proxy.SendAsync("reviews");
        release.SetResult();
        using var finished = await inFlight;

        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("old", await finished.Content.ReadAsStringAsync());
        Assert.Equal("1", string.Join(",", finished.Headers.GetValues("x-table")));
        Assert.Equal("next", await fresh.Content.ReadAsStringAsync());
        Assert.Equal("2", string.Join(",", fresh.Headers.GetValues("x-table")));
    }

    [Fact]
    public async Task Swap_HostRemoved_NewRequestsGet404()
    {
        await using var upstream = await Upstream.StartAsync("up");
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("reviews"));
        proxy.SetEndpoints("reviews", upstream);
        using var before = await proxy.SendAsync("reviews");

        proxy.Load(Snap.Host("ratings"));
        using var after = await proxy.SendAsync("reviews");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
