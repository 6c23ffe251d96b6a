using System.Globalization;
using System.Text;
using Mesh.Consul.Agent;
using Mesh.Snapshots.Serialization;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

/// <summary>
/// Alone, not beside other test classes: an admin endpoint exports every <c>Mesh*</c> meter in the process, so the
/// controllers of tests running in parallel would add their compiles and convergences to these counts.
/// </summary>
[CollectionDefinition(nameof(ControllerMetricsTests), DisableParallelization = true)]
public sealed class ControllerMetricsCollection;

[Collection(nameof(ControllerMetricsTests))]
public sealed class ControllerMetricsTests
{
    [Fact]
    public async Task Metrics_AfterCompileAndProxyReport_ShowCompileWritesLeadershipAndConvergence()
    {
        await using var fixture = await ControllerFixture.StartAsync(o => o.AdminAddress = "127.0.0.1:0");
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        var compiled = await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));
        var snapshot = SnapshotSerializer.Deserialize(compiled[0].Value);

        // The proxy reports the version 2.5 s after the controller generated it.
        var appliedAt = snapshot.GeneratedAt.AddSeconds(2.5).ToString("o", CultureInfo.InvariantCulture);
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-a/web", Encoding.UTF8.GetBytes($"{{\"applied\":{{\"web\":\"{snapshot.Version}\"}},\"updated_at\":\"{appliedAt}\"}}"));

        var metrics = await ScrapeUntilAsync(fixture, text => text.Contains("mesh_controller_proxy_convergence_seconds_count 1", StringComparison.Ordinal));

        Assert.Contains("mesh_controller_proxy_convergence_seconds_sum 2.5", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_controller_leader 1", metrics, StringComparison.Ordinal);
        Assert.Matches("mesh_controller_compile_duration_seconds_count\\{result=\"ok\"\\} [1-9]", metrics);
        Assert.Matches("mesh_controller_snapshot_writes_total\\{op=\"set\"\\} [1-9]", metrics);
    }

    [Fact]
    public async Task Metrics_ProxyOnOldVersion_IsNotCountedAsConverged()
    {
        await using var fixture = await ControllerFixture.StartAsync(o => o.AdminAddress = "127.0.0.1:0");
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        var compiled = await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));
        var version = SnapshotSerializer.Deserialize(compiled[0].Value).Version;

        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-a/web", Encoding.UTF8.GetBytes("{\"applied\":{\"web\":\"0.1\"}}"));
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-b/web", Encoding.UTF8.GetBytes($"{{\"applied\":{{\"web\":\"{version}\"}}}}"));
        var metrics = await ScrapeUntilAsync(fixture, text => text.Contains("mesh_controller_proxy_convergence_seconds_count", StringComparison.Ordinal));

        // Both reports were read in the same or earlier passes: only node-b's current version converged.
        Assert.Contains("mesh_controller_proxy_convergence_seconds_count 1\n", metrics, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeUntilAsync(ControllerFixture fixture, Func<string, bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var text = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            text = await ScrapeAsync(fixture);
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The metrics never matched; last scrape:\n" + text);
    }

    private static async Task<string> ScrapeAsync(ControllerFixture fixture)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(fixture.Controller.AdminAddress!, "/metrics"));
    }
}
