using Mesh.Controller.RulesDir;
using Microsoft.Extensions.DependencyInjection;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

/// <summary>
/// <c>rules_dir</c>: the leader's loop runs once at start (the poll interval is an hour); each test then reconciles
/// explicitly, as the next poll would, so nothing waits on a timer. One test checks the loop itself with a short interval.
/// </summary>
public sealed class RulesDirTests : IAsyncLifetime
{
    private readonly string _rules = Directory.CreateTempSubdirectory("rules-dir-").FullName;
    private ControllerFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await ControllerFixture.StartAsync(o =>
        {
            o.RulesDirectory = _rules;
            o.RulesPollInterval = TimeSpan.FromHours(1);
        });
        await ControllerFixture.EventuallyAsync(() => _fixture.Client().StatusAsync(), s => s.RulesDir is not null, TimeSpan.FromSeconds(20), "the first reconcile");
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        Directory.Delete(_rules, recursive: true);
    }

    [Fact]
    public async Task Reconcile_NewFile_CreatesResourcesWithRulesDirOrigin()
    {
        Write("web.hcl", "virtual_service web v1", "destination_rule web r1");
        Write("sub/api.hcl.json", "virtual_service api v1");
        Write("notes.txt", "virtual_service ignored v1");
        Write(".hidden/x.hcl", "virtual_service hidden v1");

        await ReconcileAsync();

        var stored = await _fixture.Client().GetAsync();
        Assert.Equal(["destination_rule/web", "virtual_service/api", "virtual_service/web"], stored.Select(r => $"{r.Kind}/{r.Name}"));
        Assert.All(stored, r => Assert.Equal("rules_dir", r.Origin));
        var status = (await _fixture.Client().StatusAsync()).RulesDir!;
        Assert.Equal(1, status.LastAppliedGeneration);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task Reconcile_EditedFile_UpdatesResource()
    {
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        Write("web.hcl", "virtual_service web v2");
        await ReconcileAsync();

        var web = Assert.Single(await _fixture.Client().GetAsync("virtual_service", "web"));
        Assert.Equal("v2", web.Spec.GetProperty("value").GetString());
        Assert.Equal(2, web.Generation);
    }

    [Fact]
    public async Task Reconcile_DeletedFile_PrunesItsResources()
    {
        Write("web.hcl", "virtual_service web v1");
        Write("api.hcl", "virtual_service api v1");
        await ReconcileAsync();

        File.Delete(Path.Combine(_rules, "api.hcl"));
        await ReconcileAsync();

        Assert.Equal(["virtual_service/web"], (await _fixture.Client().GetAsync()).Select(r => $"{r.Kind}/{r.Name}"));
        Assert.Equal(2, (await _fixture.Client().StatusAsync()).RulesDir!.LastAppliedGeneration);
    }

    [Fact]
    public async Task Reconcile_UnchangedDirectory_CommitsNoNewGeneration()
    {
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        await ReconcileAsync();
        await ReconcileAsync();

        var status = await _fixture.Client().StatusAsync();
        Assert.Equal((1, 1L), (status.Generation, status.RulesDir!.LastAppliedGeneration!.Value));
    }

    [Fact]
    public async Task Reconcile_InvalidFile_ReportsFileAndLineAndChangesNothing()
    {
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();
        var before = await _fixture.Client().GetAsync();

        Write("web.hcl", "virtual_service web v2");
        Write("zz-broken.hcl", "virtual_service other v1", "", "error unknown attribute \"hots\"");
        await ReconcileAsync();

        var status = await _fixture.Client().StatusAsync();
        Assert.Equal(1, status.Generation);
        Assert.Equal(1, status.RulesDir!.LastAppliedGeneration);
        Assert.Equal($"{Path.Combine(_rules, "zz-broken.hcl")}:3: unknown attribute \"hots\"", status.RulesDir.LastError);
        var diagnostic = Assert.Single(status.RulesDir.Diagnostics);
        Assert.Equal(3, diagnostic.Range!.Start.Line);
        var after = await _fixture.Client().GetAsync();
        Assert.Equal(before.Select(r => r.Digest), after.Select(r => r.Digest));
    }

    [Fact]
    public async Task Reconcile_FixedAfterError_AppliesAndClearsError()
    {
        Write("web.hcl", "error broken");
        await ReconcileAsync();
        Assert.NotNull((await _fixture.Client().StatusAsync()).RulesDir!.LastError);

        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        var status = await _fixture.Client().StatusAsync();
        Assert.Null(status.RulesDir!.LastError);
        Assert.Equal(1, status.RulesDir.LastAppliedGeneration);
    }

    [Fact]
    public async Task Reconcile_HandAppliedResource_SurvivesPrune()
    {
        var client = _fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service manual v1"));
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        File.Delete(Path.Combine(_rules, "web.hcl"));
        await ReconcileAsync();

        var manual = Assert.Single(await client.GetAsync());
        Assert.Equal(("manual", null), (manual.Name, manual.Origin));
    }

    [Fact]
    public async Task ApiPrune_LeavesRulesDirResources()
    {
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        await _fixture.Client().ApplyAsync(Bundle("virtual_service manual v1") with { Prune = true });

        Assert.Equal(["manual", "web"], (await _fixture.Client().GetAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task Reconcile_MissingDirectory_ReportsErrorAndPrunesNothing()
    {
        Write("web.hcl", "virtual_service web v1");
        await ReconcileAsync();

        Directory.Delete(_rules, recursive: true);
        await ReconcileAsync();
        Directory.CreateDirectory(_rules);

        Assert.Single(await _fixture.Client().GetAsync());
        Assert.Contains("does not exist", (await _fixture.Client().StatusAsync()).RulesDir!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leader_PollsRulesDir_AppliesNewFilesWithoutHelp()
    {
        var rules = Directory.CreateTempSubdirectory("rules-dir-poll-").FullName;
        try
        {
            await using var fixture = await ControllerFixture.StartAsync(o =>
            {
                o.RulesDirectory = rules;
                o.RulesPollInterval = TimeSpan.FromMilliseconds(100);
            });
            await File.WriteAllTextAsync(Path.Combine(rules, "web.hcl"), "virtual_service web v1");

            var stored = await ControllerFixture.EventuallyAsync(() => fixture.Client().GetAsync(), r => r.Count == 1, TimeSpan.FromSeconds(20), "the file's resource");

            Assert.Equal("rules_dir", stored[0].Origin);
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
    }

    private void Write(string name, params string[] lines)
    {
        var path = Path.Combine(_rules, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join('\n', lines));
    }

    private Task ReconcileAsync() =>
        ActivatorUtilities.CreateInstance<RulesDirReconciler>(_fixture.Controller.Services).ReconcileOnceAsync(CancellationToken.None);
}
