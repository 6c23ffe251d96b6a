using System.Net;
using System.Text.Json;

namespace Mesh.DevCatalog.Tests;

public sealed class HealthTests
{
    private const string TwoInstances = """
        {"ID":"web-1","Name":"web","Tags":["v1"],"Port":8081,"Check":{"TTL":"10s"}}
        """;

    [Fact]
    public async Task Passing_FiltersTtlChecks_AndTtlExpiryTurnsCritical()
    {
        await using var h = await CatalogHarness.StartAsync();
        using (await h.PutJsonAsync("v1/agent/service/register", TwoInstances))
        using (await h.PutJsonAsync("v1/agent/service/register", """{"ID":"web-2","Name":"web","Tags":["v2"],"Port":8082,"Check":{"TTL":"10s","Status":"passing"}}"""))
        {
        }

        var all = await h.GetJsonAsync("v1/health/service/web");
        Assert.Equal(2, all.GetArrayLength());
        var checks = all[0].GetProperty("Checks");
        Assert.Equal("serfHealth", checks[0].GetProperty("CheckID").GetString());
        Assert.Equal("passing", checks[0].GetProperty("Status").GetString());
        Assert.Equal("service:web-1", checks[1].GetProperty("CheckID").GetString());
        Assert.Equal("critical", checks[1].GetProperty("Status").GetString());
        Assert.Equal(["web-2"], Ids(await h.GetJsonAsync("v1/health/service/web?passing")));

        using (var pass = await h.PutAsync("v1/agent/check/pass/service:web-1?note=ok"))
        {
            Assert.Equal(HttpStatusCode.OK, pass.StatusCode);
        }

        Assert.Equal(["web-1", "web-2"], Ids(await h.GetJsonAsync("v1/health/service/web?passing")));
        Assert.Equal(["web-1"], Ids(await h.GetJsonAsync("v1/health/service/web?passing&tag=v1")));

        h.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.Empty(Ids(await h.GetJsonAsync("v1/health/service/web?passing")));
        var expired = (await h.GetJsonAsync("v1/health/service/web"))[0].GetProperty("Checks")[1];
        Assert.Equal("TTL expired", expired.GetProperty("Output").GetString());
    }

    [Fact]
    public async Task Warning_IsNotPassing()
    {
        await using var h = await CatalogHarness.StartAsync();
        using (await h.PutJsonAsync("v1/agent/service/register", TwoInstances))
        using (await h.PutAsync("v1/agent/check/warn/service:web-1"))
        {
        }

        Assert.Empty(Ids(await h.GetJsonAsync("v1/health/service/web?passing")));
        Assert.Single(Ids(await h.GetJsonAsync("v1/health/service/web")));
    }

    [Fact]
    public async Task UnknownService_Is200EmptyArray_UnknownCheckIs404()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.GetAsync("v1/health/service/nothing");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        using var check = await h.PutAsync("v1/agent/check/pass/nope");
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
    }

    [Fact]
    public async Task Register_ShowsInAgentAndCatalog_DeregisterRemoves()
    {
        await using var h = await CatalogHarness.StartAsync();
        using (await h.PutJsonAsync("v1/agent/service/register", """{"Name":"api","Tags":["a","b"],"Port":9000,"Meta":{"version":"1"}}"""))
        {
        }

        var services = await h.GetJsonAsync("v1/agent/services");
        Assert.Equal(9000, services.GetProperty("api").GetProperty("Port").GetInt32());
        var catalog = await h.GetJsonAsync("v1/catalog/services");
        Assert.Equal(["a", "b"], catalog.GetProperty("api").EnumerateArray().Select(t => t.GetString()));
        Assert.True(catalog.TryGetProperty("consul", out _));
        var instance = (await h.GetJsonAsync("v1/catalog/service/api"))[0];
        Assert.Equal("dev", instance.GetProperty("Node").GetString());
        Assert.Equal("127.0.0.1", instance.GetProperty("Address").GetString());
        Assert.Equal("1", instance.GetProperty("ServiceMeta").GetProperty("version").GetString());

        using (var dereg = await h.PutAsync("v1/agent/service/deregister/api"))
        {
            Assert.Equal(HttpStatusCode.OK, dereg.StatusCode);
        }

        Assert.Equal("[]", (await h.GetJsonAsync("v1/health/service/api")).GetRawText());
        var self = await h.GetJsonAsync("v1/agent/self");
        Assert.Equal("dc1", self.GetProperty("Config").GetProperty("Datacenter").GetString());
    }

    [Fact]
    public async Task HttpCheck_IsRunForReal_AndTurnsPassing()
    {
        await using var h = await CatalogHarness.StartAsync();
        var target = new Uri(h.Server.Address, "v1/status/leader");
        using (var register = await h.PutJsonAsync("v1/agent/service/register", $$$"""{"Name":"probe","Port":1,"Check":{"HTTP":"{{{target}}}","Interval":"10s"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var deadline = Environment.TickCount64 + 10_000;
        while (Ids(await h.GetJsonAsync("v1/health/service/probe?passing")).Count == 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "HTTP check never passed");
            await Task.Delay(20);
        }

        var check = (await h.GetJsonAsync("v1/agent/checks")).GetProperty("service:probe");
        Assert.StartsWith("HTTP GET", check.GetProperty("Output").GetString(), StringComparison.Ordinal);
        Assert.Equal("http", check.GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Maintenance_AddsCriticalCheck_ExcludedFromPassingUntilDisabled()
    {
        await using var h = await CatalogHarness.StartAsync();
        using (await h.PutJsonAsync("v1/agent/service/register", """{"Name":"db","Check":{"TTL":"1m","Status":"passing"}}"""))
        using (var on = await h.PutAsync("v1/agent/service/maintenance/db?enable=true&reason=upgrade"))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        Assert.Empty(Ids(await h.GetJsonAsync("v1/health/service/db?passing")));
        var notes = (await h.GetJsonAsync("v1/agent/checks")).GetProperty("_service_maintenance:db").GetProperty("Notes").GetString();
        Assert.Equal("upgrade", notes);

        using (await h.PutAsync("v1/agent/service/maintenance/db?enable=false"))
        {
        }

        Assert.Equal(["db"], Ids(await h.GetJsonAsync("v1/health/service/db?passing")));
    }

    [Fact]
    public async Task Reregister_MergesChecks_UnlessReplaceExistingChecks()
    {
        await using var h = await CatalogHarness.StartAsync();
        using (await h.PutJsonAsync("v1/agent/service/register", """{"Name":"svc","Checks":[{"CheckID":"a","TTL":"1m"},{"CheckID":"b","TTL":"1m"}]}"""))
        using (await h.PutJsonAsync("v1/agent/service/register", """{"Name":"svc","Checks":[{"CheckID":"c","TTL":"1m"}]}"""))
        {
        }

        Assert.Equal(3, (await h.GetJsonAsync("v1/agent/checks")).EnumerateObject().Count());
        using (await h.PutJsonAsync("v1/agent/service/register?replace-existing-checks", """{"Name":"svc","Checks":[{"CheckID":"c","TTL":"1m"}]}"""))
        {
        }

        Assert.Equal(["c"], (await h.GetJsonAsync("v1/agent/checks")).EnumerateObject().Select(p => p.Name));
    }

    private static List<string?> Ids(JsonElement health) =>
        health.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()).ToList();
}
