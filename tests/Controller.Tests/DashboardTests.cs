using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mesh.ControllerApi;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

public sealed class DashboardTests
{
    private const string TrafficKey = "mesh/traffic/node-1/productpage";

    [Fact]
    public async Task Ui_TrafficReports_RendersGraphResourcesAndProxiesAndFollowsNewTraffic()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        await fixture.WaitForAsync("mesh/status/resources/", entries => entries.Count == 1);
        await fixture.Consul.Kv.PutAsync(
            "mesh/proxies/node-1/productpage",
            Encoding.UTF8.GetBytes("{\"applied\":{\"productpage\":\"7\"},\"certificate_not_after\":\"2031-05-06T07:08:09+00:00\"}"));
        var t0 = TimeProvider.System.GetUtcNow();
        using var http = Http(ControllerFixture.AgentToken);

        // Two samples 2 s apart (agent time): 100 -> 120 requests is 10 rps, 2 errors of 20 is 10 %, 500 ms / 20 is 25 ms.
        await PutTrafficAsync(fixture, t0, 100, 1, 1000);
        await WaitForGraphAsync(fixture, http, g => g.Edges.Any(e => e.Source == "productpage"));
        await PutTrafficAsync(fixture, t0.AddSeconds(2), 120, 3, 1500);
        await WaitForGraphAsync(fixture, http, g => g.Edges.Any(e => Math.Abs(e.Rps - 10) < 0.01));

        var dom = await DashboardBrowser.DumpDomAsync(Page(fixture, ControllerFixture.OperatorToken));

        Assert.NotNull(DashboardBrowser.Element(dom, "graph-node-productpage"));
        Assert.Equal("v2", DashboardBrowser.Element(dom, "graph-node-reviews")?["data-versions"]);
        Assert.Equal(10, DashboardBrowser.Number(dom, "graph-edge-productpage-reviews", "data-rps"), 0.01);
        Assert.Equal(10, DashboardBrowser.Number(dom, "graph-edge-productpage-reviews", "data-error-rate"), 0.01);
        Assert.Equal(25, DashboardBrowser.Number(dom, "graph-edge-productpage-reviews", "data-latency-ms"), 0.01);
        Assert.Contains("10 rps · 10% · 25 ms", dom, StringComparison.Ordinal);
        var resource = DashboardBrowser.RowText(dom, "resource-virtual_service-web");
        Assert.True(resource is not null, $"no resource row:\n{DashboardBrowser.Excerpt(dom)}");
        Assert.Contains("accepted", resource, StringComparison.Ordinal);
        var proxy = DashboardBrowser.RowText(dom, "proxy-node-1-productpage");
        Assert.True(proxy is not null, $"no proxy row:\n{DashboardBrowser.Excerpt(dom)}");
        Assert.Contains("2031-05-06T07:08:09", proxy, StringComparison.Ordinal);

        // More traffic: 120 -> 180 requests in the next 2 s is 30 rps.
        await PutTrafficAsync(fixture, t0.AddSeconds(4), 180, 3, 2100);
        await WaitForGraphAsync(fixture, http, g => g.Edges.Any(e => Math.Abs(e.Rps - 30) < 0.01));

        var updated = await DashboardBrowser.DumpDomAsync(Page(fixture, ControllerFixture.OperatorToken));

        Assert.Equal(30, DashboardBrowser.Number(updated, "graph-edge-productpage-reviews", "data-rps"), 0.01);
        Assert.Contains("30 rps · 0% · 10 ms", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ui_NoTokensConfigured_WorksOnLoopbackWithoutToken()
    {
        await using var fixture = await ControllerFixture.StartAsync(o =>
        {
            o.OperatorToken = null;
            o.AgentToken = null;
        });
        var t0 = TimeProvider.System.GetUtcNow();
        using var http = Http(null);
        await PutTrafficAsync(fixture, t0, 0, 0, 0);
        await WaitForGraphAsync(fixture, http, g => g.Edges.Count == 1);
        await PutTrafficAsync(fixture, t0.AddSeconds(2), 8, 0, 80);
        await WaitForGraphAsync(fixture, http, g => g.Edges.Any(e => Math.Abs(e.Rps - 4) < 0.01));

        // Through the "/" redirect, as an operator would open it.
        var dom = await DashboardBrowser.DumpDomAsync(fixture.Controller.ApiAddress);

        Assert.Equal(4, DashboardBrowser.Number(dom, "graph-edge-productpage-reviews", "data-rps"), 0.01);
        Assert.Equal(string.Empty, DashboardBrowser.Element(dom, "error") is null ? "missing" : ErrorText(dom));
    }

    [Fact]
    public async Task Ui_WrongToken_ShowsTheRefusal()
    {
        await using var fixture = await ControllerFixture.StartAsync();

        var dom = await DashboardBrowser.DumpDomAsync(Page(fixture, "not-the-token"), 1000);

        Assert.Contains("The bearer token is not valid.", ErrorText(dom), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ui_IsServedWithoutTokenButGraphNeedsOne()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        using var anonymous = Http(null);
        using var agent = Http(ControllerFixture.AgentToken);
        anonymous.BaseAddress = agent.BaseAddress = fixture.Controller.ApiAddress;

        using var page = await anonymous.GetAsync(new Uri("ui", UriKind.Relative));
        using var root = await anonymous.GetAsync(new Uri("?token=x", UriKind.Relative));
        using var graphAnonymous = await anonymous.GetAsync(new Uri("v1/graph", UriKind.Relative));
        var graph = await agent.GetFromJsonAsync("v1/graph", ControllerApiJsonContext.Default.GraphResponse);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"graph\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/ui?token=x", root.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, graphAnonymous.StatusCode);
        Assert.NotNull(graph);
        Assert.Empty(graph.Nodes);
        Assert.Empty(graph.Edges);
    }

    private static Uri Page(ControllerFixture fixture, string token) => new(fixture.Controller.ApiAddress, $"ui?token={Uri.EscapeDataString(token)}");

    private static string ErrorText(string dom)
    {
        var match = System.Text.RegularExpressions.Regex.Match(dom, "<div[^>]*data-testid=\"error\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : string.Empty;
    }

    private static HttpClient Http(string? token)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static async Task PutTrafficAsync(ControllerFixture fixture, DateTimeOffset at, long requests, long errors, double durationMsSum)
    {
        var report = new TrafficReport
        {
            UpdatedAt = at,
            Edges = [new TrafficEdge { Source = "productpage", Destination = "reviews", DestinationVersion = "v2", Requests = requests, Errors = errors, DurationMsSum = durationMsSum }],
        };
        await fixture.Consul.Kv.PutAsync(TrafficKey, JsonSerializer.SerializeToUtf8Bytes(report, ControllerApiJsonContext.Default.TrafficReport));
    }

    /// <summary>The controller sees KV changes through a blocking query; poll its graph until it caught up.</summary>
    private static async Task WaitForGraphAsync(ControllerFixture fixture, HttpClient http, Func<GraphResponse, bool> condition)
    {
        var uri = new Uri(fixture.Controller.ApiAddress, "v1/graph");
        GraphResponse? last = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!timeout.IsCancellationRequested)
        {
            last = await http.GetFromJsonAsync(uri, ControllerApiJsonContext.Default.GraphResponse, timeout.Token);
            if (last is not null && condition(last))
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }

        Assert.Fail($"The graph never matched; last: {JsonSerializer.Serialize(last!, ControllerApiJsonContext.Default.GraphResponse)}");
    }
}
