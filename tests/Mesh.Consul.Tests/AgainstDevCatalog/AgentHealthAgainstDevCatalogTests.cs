using Mesh.Consul.Agent;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

public sealed class AgentHealthAgainstDevCatalogTests
{
    private static ServiceRegistration Web(string id, int port, string status) => new()
    {
        ID = id,
        Name = "web",
        Tags = ["v1"],
        Port = port,
        Check = new AgentCheck { CheckID = id + "-ttl", TTL = TimeSpan.FromSeconds(10), Status = status },
    };

    [Fact]
    public async Task TtlCheck_ExpiresToCritical_ThenPassesAfterAnUpdate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var f = await DevCatalogFixture.StartAsync(time: time);
        await f.Client.Agent.RegisterServiceAsync(Web("web-1", 8081, "passing"));

        Assert.Equal(["web-1"], await PassingIdsAsync(f));
        Assert.Contains("web-1", (await f.Client.Agent.ServicesAsync()).Keys);

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Empty(await PassingIdsAsync(f));
        var all = Assert.Single((await f.Client.Health.ServiceAsync("web")).Value);
        Assert.Equal("critical", all.Checks.Single(c => c.CheckID == "web-1-ttl").Status);

        await f.Client.Agent.PassTtlAsync("web-1-ttl", "back");
        Assert.Equal(["web-1"], await PassingIdsAsync(f));
        await f.Client.Agent.UpdateTtlAsync("web-1-ttl", CheckStatus.Critical, "broken");
        Assert.Empty(await PassingIdsAsync(f));
        await f.Client.Agent.UpdateTtlAsync("web-1-ttl", CheckStatus.Passing, "fixed");
        var entry = Assert.Single((await f.Client.Health.ServiceAsync("web", passing: true)).Value);
        Assert.Equal("fixed", entry.Checks.Single(c => c.CheckID == "web-1-ttl").Output);
    }

    [Fact]
    public async Task HealthPassing_FiltersOutCriticalInstances_AndCatalogListsTheService()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        await f.Client.Agent.RegisterServiceAsync(Web("web-1", 8081, "passing"));
        await f.Client.Agent.RegisterServiceAsync(Web("web-2", 8082, "critical"));
        await f.Client.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "db-1", Name = "db", Tags = ["primary"], Port = 5432 });

        var all = await f.Client.Health.ServiceAsync("web");
        Assert.Equal(["web-1", "web-2"], all.Value.Select(e => e.Service.ID).Order(StringComparer.Ordinal));
        Assert.Equal(["web-1"], await PassingIdsAsync(f));
        Assert.Empty((await f.Client.Health.ServiceAsync("unknown")).Value);

        var services = (await f.Client.Catalog.ServicesAsync()).Value;
        Assert.Equal(["v1"], services["web"]);
        Assert.Equal(["primary"], services["db"]);

        await f.Client.Agent.DeregisterServiceAsync("web-2");
        Assert.Single((await f.Client.Health.ServiceAsync("web")).Value);
    }

    [Fact]
    public async Task PassTtlAsync_UnknownCheck_ThrowsNotFoundWithTheServersMessage()
    {
        await using var f = await DevCatalogFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ConsulNotFoundException>(() => f.Client.Agent.PassTtlAsync("no-such-check"));

        Assert.Equal("PUT /v1/agent/check/pass/no-such-check", error.Operation);
        Assert.Contains("Unknown check ID \"no-such-check\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeregisterServiceAsync_UnknownService_ThrowsNotFound()
    {
        await using var f = await DevCatalogFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ConsulNotFoundException>(() => f.Client.Agent.DeregisterServiceAsync("ghost"));

        Assert.Contains("Unknown service ID \"ghost\"", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> PassingIdsAsync(DevCatalogFixture f) =>
        [.. (await f.Client.Health.ServiceAsync("web", passing: true)).Value.Select(e => e.Service.ID).Order(StringComparer.Ordinal)];
}
