using Mesh.Controller.Storage;
using Mesh.ControllerApi;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

public sealed class ApplyTests
{
    [Fact]
    public async Task Apply_NewBundle_CreatesResourcesAtGenerationOne()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();

        var response = await client.ApplyAsync(Bundle("virtual_service web v1", "destination_rule web r1"));

        Assert.Equal(1, response.Generation);
        Assert.False(response.DryRun);
        Assert.All(response.Changes, c => Assert.Equal(ChangeAction.Create, c.Action));
        var stored = await client.GetAsync();
        Assert.Equal(["destination_rule/web", "virtual_service/web"], stored.Select(r => $"{r.Kind}/{r.Name}"));
        var web = Assert.Single(await client.GetAsync("virtual_service", "web"));
        Assert.Equal("v1", web.Spec.GetProperty("value").GetString());
        Assert.Contains("value = \"v1\"", web.Hcl, StringComparison.Ordinal);
        Assert.Equal(1, web.Generation);
    }

    [Fact]
    public async Task Apply_SameBundleTwice_ReportsUnchangedAndKeepsGeneration()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1"));

        var again = await client.ApplyAsync(Bundle("virtual_service web v1"));

        Assert.Equal(1, again.Generation);
        Assert.Equal(ChangeAction.Unchanged, Assert.Single(again.Changes).Action);
    }

    [Fact]
    public async Task Apply_ChangedResource_ReportsUpdateWithBeforeAndAfter()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1"));

        var response = await client.ApplyAsync(Bundle("virtual_service web v2"));

        Assert.Equal(2, response.Generation);
        var change = Assert.Single(response.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Contains("v1", change.Before, StringComparison.Ordinal);
        Assert.Contains("v2", change.After, StringComparison.Ordinal);
        Assert.Equal("v2", Assert.Single(await client.GetAsync("virtual_service")).Spec.GetProperty("value").GetString());
        Assert.Single(await fixture.KeysAsync("mesh/desired/virtual_service/"));
    }

    [Fact]
    public async Task Apply_WithPrune_DeletesResourcesMissingFromBundle()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1", "virtual_service api v1"));

        var response = await client.ApplyAsync(Bundle("virtual_service web v1") with { Prune = true });

        Assert.Contains(response.Changes, c => c is { Name: "api", Action: ChangeAction.Delete });
        Assert.Equal(["web"], (await client.GetAsync()).Select(r => r.Name));
        Assert.DoesNotContain(await fixture.KeysAsync("mesh/desired/"), k => k.Contains("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_WithoutPrune_KeepsResourcesMissingFromBundle()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1", "virtual_service api v1"));

        await client.ApplyAsync(Bundle("virtual_service web v2"));

        Assert.Equal(["api", "web"], (await client.GetAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task Apply_DryRun_ReportsChangesButStoresNothing()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();

        var response = await client.ApplyAsync(Bundle("virtual_service web v1") with { DryRun = true });

        Assert.True(response.DryRun);
        Assert.Equal(0, response.Generation);
        Assert.Equal(ChangeAction.Create, Assert.Single(response.Changes).Action);
        Assert.Empty(await fixture.KeysAsync("mesh/desired/"));
    }

    [Fact]
    public async Task Apply_InvalidBundle_Returns422WithDiagnosticsAndStoresNothing()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();

        var error = await Assert.ThrowsAsync<ControllerRejectedException>(() => client.ApplyAsync(Bundle("virtual_service web v1", "error route points nowhere")));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("route points nowhere", diagnostic.Summary);
        Assert.Equal(2, diagnostic.Range!.Start.Line);
        Assert.Empty(await fixture.KeysAsync("mesh/desired/"));
    }

    [Fact]
    public async Task Apply_TwoConcurrentApplies_OneConflictsAndStoreHoldsExactlyOne()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        using var bothRead = new Barrier(2);
        fixture.Evaluator.OnEvaluate = () => bothRead.SignalAndWait(TimeSpan.FromSeconds(10));
        var first = fixture.Client().ApplyAsync(Bundle("virtual_service web first", "virtual_service a first"));
        var second = fixture.Client().ApplyAsync(Bundle("virtual_service web second", "virtual_service b second"));

        var outcomes = await Task.WhenAll(Capture(first), Capture(second));
        fixture.Evaluator.OnEvaluate = null;

        Assert.Single(outcomes, o => o is ApplyResponse);
        Assert.Single(outcomes, o => o is ControllerConflictException);
        var stored = await fixture.Client().GetAsync();
        var winner = stored.Single(r => r.Name == "web").Spec.GetProperty("value").GetString();
        Assert.Equal(["web", winner == "first" ? "a" : "b"], stored.Select(r => r.Name).OrderByDescending(n => n == "web"));
        Assert.Equal(2, (await fixture.KeysAsync("mesh/desired/virtual_service/")).Count);
    }

    [Fact]
    public async Task Apply_MoreThan64Resources_CommitsAllInOneGeneration()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        var lines = Enumerable.Range(0, 150).Select(i => $"virtual_service svc{i:D3} v1").ToArray();

        var response = await client.ApplyAsync(Bundle(lines));

        Assert.Equal(1, response.Generation);
        Assert.Equal(150, response.Changes.Count);
        var stored = await client.GetAsync();
        Assert.Equal(150, stored.Count);
        Assert.All(stored, r => Assert.Equal(1, r.Generation));
    }

    [Fact]
    public async Task Apply_AfterCrashBetweenPhases_SweepsLeftoverKeys()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1"));
        var store = (DesiredStateStore)fixture.Controller.Services.GetService(typeof(DesiredStateStore))!;
        var staged = new List<StagedKey>();

        // A controller staged keys and died before its commit.
        await store.StageAsync([Resource("virtual_service", "web", "crashed"), Resource("gateway", "edge", "crashed")], staged, CancellationToken.None);
        Assert.Equal(3, (await fixture.KeysAsync("mesh/desired/")).Count(k => k != "mesh/desired/manifest"));
        Assert.Equal("v1", Assert.Single(await client.GetAsync()).Spec.GetProperty("value").GetString());

        await client.ApplyAsync(Bundle("virtual_service web v2"));

        var keys = (await fixture.KeysAsync("mesh/desired/")).Where(k => k != "mesh/desired/manifest").ToList();
        var key = Assert.Single(keys);
        Assert.EndsWith(Storage.KvKeys.Digest(Resource("virtual_service", "web", "v2").CanonicalJson), key, StringComparison.Ordinal);
    }

    private static async Task<object> Capture(Task<ApplyResponse> apply)
    {
        try
        {
            return await apply;
        }
        catch (ControllerApiException e)
        {
            return e;
        }
    }
}
