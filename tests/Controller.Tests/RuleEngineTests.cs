using System.Net;
using Mesh.Consul;
using Mesh.Consul.Agent;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.ControllerApi;
using Mesh.DevCatalog;
using Mesh.Snapshots.Serialization;

namespace Mesh.Controller.Tests;

/// <summary>The controller with the real rule library: what an operator's apply turns into for the agents.</summary>
public sealed class RuleEngineTests
{
    private const string Rules = """
        virtual_service "reviews" {
          hosts = ["reviews"]
          http "default" {
            route {
              destination = "reviews"
              subset      = "v1"
              weight      = 90
            }
            route {
              destination = "reviews"
              subset      = "v2"
              weight      = 10
            }
          }
        }

        destination_rule "reviews" {
          host = "reviews"
          subset "v1" { labels = { version = "v1" } }
          subset "v2" { labels = { version = "v2" } }
        }
        """;

    [Fact]
    public async Task Apply_ValidRules_CompilesTheSplitIntoTheHostsSnapshot()
    {
        await using var mesh = await RealController.StartAsync();
        await mesh.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "reviews-1", Name = "reviews", Address = "127.0.0.1", Port = 9001, Meta = new Dictionary<string, string> { ["version"] = "v1" } });
        await mesh.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "reviews-2", Name = "reviews", Address = "127.0.0.1", Port = 9002, Meta = new Dictionary<string, string> { ["version"] = "v2" } });

        var response = await mesh.Client.ApplyAsync(new ApplyRequest { Files = [new SourceFile("rules.hcl", Rules)] });

        Assert.Equal(2, response.Changes.Count(c => c.Action == ChangeAction.Create));
        var snapshot = await WaitForSnapshotAsync(mesh, "reviews", s => s.Http.Count == 1 && s.Http[0].Route.Count == 2);
        var route = Assert.Single(snapshot.Http);
        Assert.Equal([90, 10], route.Route.Select(d => d.Weight));
        Assert.Equal(["v1", "v2"], route.Route.Select(d => d.Subset));
        Assert.Equal(["v1", "v2"], snapshot.Clusters.Single(c => c.Host == "reviews").Subsets.Select(s => s.Name));
    }

    [Fact]
    public async Task CatalogChange_LeavesUnchangedSnapshotsAlone()
    {
        await using var mesh = await RealController.StartAsync();
        await mesh.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "reviews-1", Name = "reviews", Address = "127.0.0.1", Port = 9001, Meta = new Dictionary<string, string> { ["version"] = "v1" } });
        await mesh.Client.ApplyAsync(new ApplyRequest { Files = [new SourceFile("rules.hcl", Rules)] });
        await WaitForSnapshotAsync(mesh, "reviews", s => s.Http.Count == 1 && s.Http[0].Route.Count == 2);
        var before = (await mesh.Consul.Kv.GetAsync("mesh/compiled/reviews", null, CancellationToken.None)).Value!;

        await mesh.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "ratings-1", Name = "ratings", Address = "127.0.0.1", Port = 9003 });
        await WaitForSnapshotAsync(mesh, "ratings", _ => true);

        var after = (await mesh.Consul.Kv.GetAsync("mesh/compiled/reviews", null, CancellationToken.None)).Value!;
        Assert.Equal(before.ModifyIndex, after.ModifyIndex);
        Assert.Equal(SnapshotSerializer.Deserialize(before.Value!).Version, SnapshotSerializer.Deserialize(after.Value!).Version);
    }

    [Fact]
    public async Task Apply_RouteToUndefinedSubset_IsRejectedWithTheLineAndNothingIsStored()
    {
        await using var mesh = await RealController.StartAsync();
        var bad = Rules.Replace("subset      = \"v2\"", "subset      = \"v7\"", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ControllerRejectedException>(() => mesh.Client.ApplyAsync(new ApplyRequest { Files = [new SourceFile("rules.hcl", bad)] }));

        var finding = Assert.Single(error.Diagnostics, d => d.Severity == "error");
        Assert.Equal("rules.hcl", finding.Range!.Filename);
        Assert.Equal(11, finding.Range.Start.Line);
        Assert.Empty(await mesh.Client.GetAsync());
    }

    private static async Task<Mesh.Snapshots.ProxySnapshot> WaitForSnapshotAsync(RealController mesh, string host, Func<Mesh.Snapshots.ProxySnapshot, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var entry = (await mesh.Consul.Kv.GetAsync($"mesh/compiled/{host}", null, timeout.Token)).Value;
            if (entry?.Value is { } bytes && SnapshotSerializer.Deserialize(bytes) is var snapshot && condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private sealed class RealController : IAsyncDisposable
    {
        private readonly DevCatalogServer _catalog;
        private readonly ControllerHandle _controller;
        private readonly HttpClient _http = new();

        private RealController(DevCatalogServer catalog, ControllerHandle controller)
        {
            _catalog = catalog;
            _controller = controller;
            Consul = new ConsulClient(_http, new ConsulClientOptions { Address = catalog.Address });
            Client = new ControllerClient(controller.ApiAddress, ControllerFixture.OperatorToken);
        }

        public ConsulClient Consul { get; }

        public ControllerClient Client { get; }

        public static async Task<RealController> StartAsync()
        {
            var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
            var controller = await ControllerHost.StartAsync(new ControllerOptions
            {
                ApiAddress = "127.0.0.1:0",
                AdminAddress = null,
                ConsulAddress = catalog.Address,
                DataDirectory = Directory.CreateTempSubdirectory("controller-rules-").FullName,
                OperatorToken = ControllerFixture.OperatorToken,
                InstanceName = "controller-1",
            }, CancellationToken.None);
            return new RealController(catalog, controller);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _controller.DisposeAsync();
            await _catalog.DisposeAsync();
            _http.Dispose();
        }
    }
}
