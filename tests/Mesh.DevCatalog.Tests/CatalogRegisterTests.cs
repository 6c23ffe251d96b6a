using System.Net;
using System.Text.Json;

namespace Mesh.DevCatalog.Tests;

/// <summary><c>/v1/catalog/register</c> and <c>/v1/catalog/deregister</c>: other nodes with their meta, services and checks, over real HTTP.</summary>
public sealed class CatalogRegisterTests
{
    private const string NodeA = """
        {"Node":"node-a","Address":"10.0.0.1","NodeMeta":{"mesh-region":"eu","mesh-zone":"eu-1"},
         "Service":{"ID":"api-a","Service":"api","Tags":["v1"],"Address":"127.0.0.1","Port":9001,"Meta":{"version":"v1"}},
         "Check":{"CheckID":"service:api-a","Name":"api alive","Status":"passing","ServiceID":"api-a"}}
        """;

    private const string NodeB = """
        {"Node":"node-b","Address":"10.0.0.2","NodeMeta":{"mesh-region":"us","mesh-zone":"us-1"},
         "Service":{"ID":"api-b","Service":"api","Port":9002},
         "Check":{"CheckID":"service:api-b","Status":"passing","ServiceID":"api-b"}}
        """;

    private static async Task RegisterAsync(CatalogHarness h, string body)
    {
        using var response = await h.PutJsonAsync("v1/catalog/register", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", await response.Content.ReadAsStringAsync());
    }

    private static JsonElement ByNode(JsonElement entries, string node) =>
        entries.EnumerateArray().Single(e => e.GetProperty("Node").GetProperty("Node").GetString() == node);

    [Fact]
    public async Task Register_TwoNodes_HealthServiceReturnsEachNodeWithItsMeta()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, NodeA);
        await RegisterAsync(h, NodeB);

        var entries = await h.GetJsonAsync("v1/health/service/api?passing");

        Assert.Equal(2, entries.GetArrayLength());
        var a = ByNode(entries, "node-a");
        Assert.Equal("10.0.0.1", a.GetProperty("Node").GetProperty("Address").GetString());
        Assert.Equal("eu", a.GetProperty("Node").GetProperty("Meta").GetProperty("mesh-region").GetString());
        Assert.Equal("eu-1", a.GetProperty("Node").GetProperty("Meta").GetProperty("mesh-zone").GetString());
        Assert.Equal("api-a", a.GetProperty("Service").GetProperty("ID").GetString());
        Assert.Equal(9001, a.GetProperty("Service").GetProperty("Port").GetInt32());
        Assert.Equal("v1", a.GetProperty("Service").GetProperty("Meta").GetProperty("version").GetString());
        Assert.Equal(["service:api-a"], a.GetProperty("Checks").EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()));
        Assert.Equal("node-a", a.GetProperty("Checks")[0].GetProperty("Node").GetString());
        Assert.Equal("us", ByNode(entries, "node-b").GetProperty("Node").GetProperty("Meta").GetProperty("mesh-region").GetString());
    }

    [Fact]
    public async Task Register_CatalogServiceListsNodeMetaAndServiceNames()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, NodeA);

        var entries = await h.GetJsonAsync("v1/catalog/service/api");
        var services = await h.GetJsonAsync("v1/catalog/services");

        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("node-a", entry.GetProperty("Node").GetString());
        Assert.Equal("10.0.0.1", entry.GetProperty("Address").GetString());
        Assert.Equal("eu-1", entry.GetProperty("NodeMeta").GetProperty("mesh-zone").GetString());
        Assert.Equal("api-a", entry.GetProperty("ServiceID").GetString());
        Assert.Equal("127.0.0.1", entry.GetProperty("ServiceAddress").GetString());
        Assert.Equal(["v1"], services.GetProperty("api").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Register_CheckWithoutStatus_IsCriticalAndNotPassing()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, """
            {"Node":"node-c","Address":"10.0.0.3","Service":{"Service":"db","Port":5432},"Check":{"Name":"db probe","ServiceID":"db"}}
            """);

        var all = await h.GetJsonAsync("v1/health/service/db");
        var passing = await h.GetJsonAsync("v1/health/service/db?passing");

        Assert.Equal("critical", all[0].GetProperty("Checks")[0].GetProperty("Status").GetString());
        Assert.Equal("db", all[0].GetProperty("Service").GetProperty("ID").GetString());
        Assert.Equal(0, passing.GetArrayLength());
    }

    [Fact]
    public async Task Register_NodeCheckCritical_MakesTheNodesServicesNotPassing()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, NodeA);
        await RegisterAsync(h, """{"Node":"node-a","Address":"10.0.0.1","SkipNodeUpdate":true,"Check":{"CheckID":"node-health","Status":"critical"}}""");

        Assert.Equal(0, (await h.GetJsonAsync("v1/health/service/api?passing")).GetArrayLength());
        var checks = (await h.GetJsonAsync("v1/health/service/api"))[0].GetProperty("Checks");
        Assert.Equal(["node-health", "service:api-a"], checks.EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()));
        Assert.Equal("eu", (await h.GetJsonAsync("v1/health/service/api"))[0].GetProperty("Node").GetProperty("Meta").GetProperty("mesh-region").GetString());
    }

    [Fact]
    public async Task Register_AgainWithNewMeta_ReplacesMetaAndMovesTheIndex()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, NodeA);
        using var before = await h.GetAsync("v1/health/service/api");

        await RegisterAsync(h, """{"Node":"node-a","Address":"10.0.0.1","NodeMeta":{"mesh-region":"ap"}}""");
        using var after = await h.GetAsync("v1/health/service/api");

        Assert.True(CatalogHarness.Index(after) > CatalogHarness.Index(before));
        var meta = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement[0].GetProperty("Node").GetProperty("Meta");
        Assert.Equal("ap", meta.GetProperty("mesh-region").GetString());
        Assert.False(meta.TryGetProperty("mesh-zone", out _));
    }

    [Fact]
    public async Task Register_BlockingHealthQuery_WakesOnRegistration()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var first = await h.GetAsync("v1/health/service/api");
        var index = CatalogHarness.Index(first);

        var blocked = h.GetJsonAsync($"v1/health/service/api?index={index}&wait=30s");
        await h.WaitForBlockedQueriesAsync();
        await RegisterAsync(h, NodeA);

        Assert.Equal(1, (await blocked).GetArrayLength());
    }

    [Fact]
    public async Task Deregister_Service_Check_ThenNode_RemovesEach()
    {
        await using var h = await CatalogHarness.StartAsync();
        await RegisterAsync(h, NodeA);
        await RegisterAsync(h, """{"Node":"node-a","Address":"10.0.0.1","Service":{"ID":"api-a2","Service":"api","Port":9003}}""");
        await RegisterAsync(h, """{"Node":"node-a","Address":"10.0.0.1","Check":{"CheckID":"node-health","Status":"passing"}}""");

        using (var response = await h.PutJsonAsync("v1/catalog/deregister", """{"Node":"node-a","ServiceID":"api-a2"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(["api-a"], (await h.GetJsonAsync("v1/catalog/service/api")).EnumerateArray().Select(e => e.GetProperty("ServiceID").GetString()));

        using (await h.PutJsonAsync("v1/catalog/deregister", """{"Node":"node-a","CheckID":"node-health"}"""))
        {
        }

        Assert.Equal(["service:api-a"], (await h.GetJsonAsync("v1/health/service/api"))[0].GetProperty("Checks").EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()));

        using (await h.PutJsonAsync("v1/catalog/deregister", """{"Node":"node-a"}"""))
        {
        }

        Assert.Equal(0, (await h.GetJsonAsync("v1/health/service/api")).GetArrayLength());
        Assert.False((await h.GetJsonAsync("v1/catalog/services")).TryGetProperty("api", out _));
    }

    [Theory]
    [InlineData("""{"Address":"10.0.0.1"}""", "Must provide node")]
    [InlineData("""{"Node":"node-x"}""", "Must provide address")]
    [InlineData("""{"Node":"node-x","Address":"10.0.0.1","Service":{"Port":1}}""", "Must provide service name")]
    [InlineData("""{"Node":"node-x","Address":"10.0.0.1","Check":{"CheckID":"c","Status":"fine"}}""", "Invalid check status")]
    public async Task Register_Invalid_Is400WithConsulsMessage(string body, string message)
    {
        await using var h = await CatalogHarness.StartAsync();

        using var response = await h.PutJsonAsync("v1/catalog/register", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRegistration_LandsOnOwnNodeWithConfiguredMeta()
    {
        var options = new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), NodeName = "local" };
        options.NodeMeta["mesh-zone"] = "z9";
        await using var server = await DevCatalogServer.StartAsync(options, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };
        using (var register = await http.PutAsync(new Uri("v1/agent/service/register", UriKind.Relative), new StringContent("""{"ID":"web-1","Name":"web","Port":8080}""")))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var entries = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/health/service/web", UriKind.Relative))).RootElement;

        var node = Assert.Single(entries.EnumerateArray()).GetProperty("Node");
        Assert.Equal("local", node.GetProperty("Node").GetString());
        Assert.Equal("z9", node.GetProperty("Meta").GetProperty("mesh-zone").GetString());
    }
}
