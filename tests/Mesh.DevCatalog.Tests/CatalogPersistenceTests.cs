using System.Net;
using System.Text.Json;

namespace Mesh.DevCatalog.Tests;

/// <summary>
/// The catalog part of the data directory: what a restarted catalog still knows, as a Consul agent with a data
/// directory (services, checks) and a server (nodes from <c>/v1/catalog/register</c>) would.
/// </summary>
public sealed class CatalogPersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devcatalog-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_KeepsAgentServices_TtlChecksKeepTheirStatusAndExpireAgain()
    {
        ulong catalogIndex;
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            await RegisterAsync(h, """{"ID":"web-1","Name":"web","Port":8081,"Meta":{"version":"v1"},"Check":{"CheckID":"mesh:web-1","TTL":"30s","Status":"passing"}}""");
            await RegisterAsync(h, """{"ID":"web-2","Name":"web","Port":8082,"Check":{"TTL":"30s"}}""");
            using var response = await h.GetAsync("v1/health/service/web");
            catalogIndex = CatalogHarness.Index(response);
        }

        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            var passing = await h.GetJsonAsync("v1/health/service/web?passing");
            Assert.Equal(["web-1"], Ids(passing));
            Assert.Equal("v1", passing[0].GetProperty("Service").GetProperty("Meta").GetProperty("version").GetString());
            Assert.Equal(2, (await h.GetJsonAsync("v1/health/service/web")).GetArrayLength());
            using (var response = await h.GetAsync("v1/health/service/web"))
            {
                Assert.Equal(catalogIndex, CatalogHarness.Index(response));
            }

            // The restored TTL check still needs its owner: it is updatable, and it expires when not updated.
            using (var pass = await h.PutAsync("v1/agent/check/pass/mesh:web-1"))
            {
                Assert.Equal(HttpStatusCode.OK, pass.StatusCode);
            }

            h.Time.Advance(TimeSpan.FromSeconds(31));
            Assert.Empty(Ids(await h.GetJsonAsync("v1/health/service/web?passing")));
        }
    }

    [Fact]
    public async Task Restart_ProbeCheck_IsProbedAgainWithoutANewRegistration()
    {
        using var target = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var address = "127.0.0.1:" + ((IPEndPoint)target.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            await RegisterAsync(h, $$$"""{"Name":"probe","Port":1,"Check":{"TCP":"{{{address}}}","Interval":"1s"}}""");
            await WaitForPassingAsync(h, "probe");
        }

        target.Stop();
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            // Nothing listens any more: only a probe run by the restarted catalog can say so.
            var deadline = Environment.TickCount64 + 10_000;
            while ((await h.GetJsonAsync("v1/agent/checks")).GetProperty("service:probe").GetProperty("Output").GetString() is not { Length: > 0 })
            {
                Assert.True(Environment.TickCount64 < deadline, "the restored TCP check was never probed");
                await Task.Delay(20);
            }

            var check = (await h.GetJsonAsync("v1/agent/checks")).GetProperty("service:probe");
            Assert.Equal("critical", check.GetProperty("Status").GetString());
            Assert.Empty(Ids(await h.GetJsonAsync("v1/health/service/probe?passing")));
        }
    }

    [Fact]
    public async Task Restart_KeepsCatalogRegisteredNodes_WithMetaServicesAndCheckStatus()
    {
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            using var response = await h.PutJsonAsync("v1/catalog/register", """
                {"Node":"node-a","Address":"10.0.0.1","NodeMeta":{"mesh-zone":"eu-1"},
                 "Service":{"ID":"api-a","Service":"api","Port":9001},
                 "Check":{"CheckID":"service:api-a","Status":"passing","ServiceID":"api-a"}}
                """);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            var entry = Assert.Single((await h.GetJsonAsync("v1/health/service/api?passing")).EnumerateArray());
            Assert.Equal("node-a", entry.GetProperty("Node").GetProperty("Node").GetString());
            Assert.Equal("eu-1", entry.GetProperty("Node").GetProperty("Meta").GetProperty("mesh-zone").GetString());
            Assert.Equal("10.0.0.1", entry.GetProperty("Node").GetProperty("Address").GetString());
        }
    }

    [Fact]
    public async Task Restart_FromAStateFileWithoutCatalog_LoadsKvAndStartsAnEmptyCatalog()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "devcatalog-state.json"), """
            {"Index":12,"KvIndex":12,"SessionIndex":0,
             "Kv":[{"Key":"old","CreateIndex":12,"ModifyIndex":12,"LockIndex":0,"Flags":0,"Value":"dg==","Session":null}],
             "Tombstones":{},"Sessions":[]}
            """);

        await using var h = await CatalogHarness.StartAsync(_directory);

        Assert.Equal("dg==", (await h.GetEntryAsync("old")).GetProperty("Value").GetString());
        Assert.Empty((await h.GetJsonAsync("v1/health/service/web")).EnumerateArray());
        await RegisterAsync(h, """{"Name":"web","Port":1}""");
        Assert.True(h.Server.Store.Index > 12);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task RegisterAsync(CatalogHarness h, string body)
    {
        using var response = await h.PutJsonAsync("v1/agent/service/register", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task WaitForPassingAsync(CatalogHarness h, string service)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Ids(await h.GetJsonAsync($"v1/health/service/{service}?passing")).Count == 0)
        {
            Assert.True(Environment.TickCount64 < deadline, $"{service} never passed");
            await Task.Delay(20);
        }
    }

    private static List<string> Ids(JsonElement entries) =>
        entries.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()!).ToList();
}
