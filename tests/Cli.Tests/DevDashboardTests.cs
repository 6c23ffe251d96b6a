using System.Net.Http.Json;
using Mesh.Cli.Dev;
using Mesh.ControllerApi;
using Mesh.Controller.Tests;

namespace Mesh.Cli.Tests;

/// <summary>The controller's dashboard, in real headless Chromium, over the mesh <c>meshctl dev</c> runs: live traffic shows on the graph.</summary>
public sealed class DevDashboardTests
{
    [Fact]
    public async Task Dashboard_DevMeshWithTraffic_ShowsTheEdgeAtTheDrivenRate()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var mesh = await DevMesh.StartAsync(TextWriter.Null, stop.Token);
        await mesh.ApplyAsync(DevCommand.BundledRules(), stop.Token);
        await mesh.WaitForRoutesAsync(destinations: 3, stop.Token);
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var tally = new TrafficTally();
        var driver = new TrafficDriver(mesh.ReviewsUpstream, requestsPerSecond: 20, tally).RunAsync(traffic.Token);

        // Agents report cumulative counters every 2 s; the controller turns two reports into a rate.
        using var http = new HttpClient { BaseAddress = mesh.Controller.ApiAddress };
        GraphEdge? edge = null;
        while (edge is not { Rps: > 10 })
        {
            await Task.Delay(500, stop.Token);
            var graph = await http.GetFromJsonAsync("v1/graph", ControllerApiJsonContext.Default.GraphResponse, stop.Token);
            edge = graph!.Edges.SingleOrDefault(e => e.Source == "productpage" && e.Destination == "reviews");
        }

        var dom = await DashboardBrowser.DumpDomAsync(new Uri(mesh.Controller.ApiAddress, "/ui"), virtualTimeBudgetMs: 4000);
        await traffic.CancelAsync();
        try
        {
            await driver;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.NotNull(DashboardBrowser.Element(dom, "graph-node-productpage"));
        Assert.NotNull(DashboardBrowser.Element(dom, "graph-node-reviews"));
        Assert.InRange(DashboardBrowser.Number(dom, "graph-edge-productpage-reviews", "data-rps"), 10.0, 30.0);
        Assert.True(tally.SuccessPercent >= 99.0);
    }
}
