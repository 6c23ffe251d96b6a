using Mesh.ControllerApi;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

public sealed class ResourceTests
{
    [Fact]
    public async Task Delete_ExistingResource_CommitsManifestWithoutIt()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1", "virtual_service api v1"));

        var response = await client.DeleteAsync("virtual_service", "api");

        Assert.Equal(2, response.Generation);
        var change = Assert.Single(response.Changes);
        Assert.Equal(ChangeAction.Delete, change.Action);
        Assert.Contains("api", change.Before, StringComparison.Ordinal);
        Assert.Equal(["web"], (await client.GetAsync()).Select(r => r.Name));
        Assert.DoesNotContain(await fixture.KeysAsync("mesh/desired/"), k => k.Contains("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_DryRun_KeepsResource()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1"));

        var response = await client.DeleteAsync("virtual_service", "web", dryRun: true);

        Assert.True(response.DryRun);
        Assert.Equal(1, response.Generation);
        Assert.Single(await client.GetAsync());
    }

    [Fact]
    public async Task Delete_MissingResource_ThrowsNotFound()
    {
        await using var fixture = await ControllerFixture.StartAsync();

        await Assert.ThrowsAsync<ControllerNotFoundException>(() => fixture.Client().DeleteAsync("virtual_service", "ghost"));
    }

    [Fact]
    public async Task Get_ByKind_ListsOnlyThatKindAndUnknownNameIsNotFound()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1", "gateway edge v1"));

        Assert.Equal(["edge"], (await client.GetAsync("gateway")).Select(r => r.Name));
        Assert.Empty(await client.GetAsync("destination_rule"));
        await Assert.ThrowsAsync<ControllerNotFoundException>(() => client.GetAsync("gateway", "ghost"));
    }
}
