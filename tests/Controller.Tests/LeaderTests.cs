using System.Text;
using Mesh.Consul.Agent;
using Mesh.Snapshots;
using Mesh.Snapshots.Serialization;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

public sealed class LeaderTests
{
    [Fact]
    public async Task Leader_CompilesSnapshotPerHostAndRemovesStaleHosts()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        await fixture.Consul.Kv.PutAsync("mesh/compiled/retired", SnapshotSerializer.Serialize(new ProxySnapshot { Version = "0.0", Host = "retired" }));
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });

        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));

        var compiled = await fixture.WaitForAsync("mesh/compiled/", entries =>
            entries.Count == 1 && entries[0].Key == "mesh/compiled/web" && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));
        var snapshot = SnapshotSerializer.Deserialize(Assert.Single(compiled).Value);
        Assert.Equal("web", snapshot.Host);

        await fixture.Consul.Agent.DeregisterServiceAsync("web-1");
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "api-1", Name = "api", Address = "127.0.0.1", Port = 9090 });

        await fixture.WaitForAsync("mesh/compiled/", entries => entries.Count == 1 && entries[0].Key == "mesh/compiled/api");
    }

    [Fact]
    public async Task Leader_WritesResourceStatusForTheCurrentGeneration()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var client = fixture.Client();
        await client.ApplyAsync(Bundle("virtual_service web v1", "virtual_service api v1"));
        await client.ApplyAsync(Bundle("virtual_service web v2") with { Prune = true });

        await fixture.WaitForAsync("mesh/status/resources/", entries =>
            entries.Count == 1 && entries[0].Key == "mesh/status/resources/virtual_service/web" && Encoding.UTF8.GetString(entries[0].Value!).Contains("\"generation\":2", StringComparison.Ordinal));

        var status = await client.StatusAsync();
        Assert.Equal(2, status.Generation);
        Assert.Equal("controller-1", status.Leader);
        var resource = Assert.Single(status.Resources);
        Assert.True(resource.Accepted);
        Assert.NotNull(Assert.Single(await client.GetAsync()).Status);
    }

    [Fact]
    public async Task Status_ProxyBehindCompiledVersion_IsStale()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        var compiled = await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));
        var expected = SnapshotSerializer.Deserialize(compiled[0].Value).Version;
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-a/web", Encoding.UTF8.GetBytes("{\"applied\":{\"web\":\"0.1\",\"other\":\"3\"}}"));
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-b/web", Encoding.UTF8.GetBytes($"{{\"applied\":{{\"web\":\"{expected}\"}},\"certificate_not_after\":\"2031-05-06T07:08:09+00:00\"}}"));
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-c/web", Encoding.UTF8.GetBytes($"{{\"applied\":{{\"web\":\"0.1\"}},\"rejected\":{{\"web\":{{\"version\":\"{expected}\",\"error\":\"bad route\"}}}}}}"));
        await fixture.Consul.Kv.PutAsync("mesh/proxies/node-d/web", Encoding.UTF8.GetBytes("not json"));

        var status = await fixture.Client(ControllerFixture.AgentToken).StatusAsync();

        var stale = status.Proxies.Single(p => p.Node == "node-a");
        Assert.Equal(("stale", "0.1", expected), (stale.State, stale.AppliedVersion, stale.ExpectedVersion));
        Assert.True(stale.LagSeconds >= 0);
        var synced = status.Proxies.Single(p => p.Node == "node-b");
        Assert.Equal(("synced", expected, expected), (synced.State, synced.AppliedVersion, synced.ExpectedVersion));
        Assert.Equal(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero), synced.CertificateNotAfter);
        var rejected = status.Proxies.Single(p => p.Node == "node-c");
        Assert.Equal(("rejected", "0.1", expected, "bad route"), (rejected.State, rejected.AppliedVersion, rejected.ExpectedVersion, rejected.Error));
        Assert.Equal("unknown", status.Proxies.Single(p => p.Node == "node-d").State);
    }

    [Fact]
    public async Task Compile_Failure_KeepsLastSnapshotsAndReportsNotAccepted()
    {
        var compiler = new ThrowingCompiler();
        await using var fixture = await ControllerFixture.StartAsync(compiler: compiler);
        await fixture.Consul.Kv.PutAsync("mesh/compiled/web", SnapshotSerializer.Serialize(new ProxySnapshot { Version = "0.0", Host = "web" }));

        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));

        var status = await fixture.WaitForAsync("mesh/status/resources/", entries => entries.Count == 1);
        var dto = System.Text.Json.JsonSerializer.Deserialize(status[0].Value, Storage.StorageJsonContext.Default.ResourceStatusDto)!;
        Assert.False(dto.Accepted);
        Assert.Equal("Compilation failed", Assert.Single(dto.Findings).Summary);
        Assert.Single(await fixture.KeysAsync("mesh/compiled/"));
    }

    [Fact]
    public async Task Compile_CompilerFault_IsReportedAndLaterChangesStillCompile()
    {
        var compiler = new FailingOnceCompiler(new KeyNotFoundException("cluster 'web' not found"));
        await using var fixture = await ControllerFixture.StartAsync(compiler: compiler);
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });

        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        var status = await fixture.WaitForAsync("mesh/status/resources/", entries => entries.Count == 1);
        var dto = System.Text.Json.JsonSerializer.Deserialize(status[0].Value, Storage.StorageJsonContext.Default.ResourceStatusDto)!;
        Assert.False(dto.Accepted);
        Assert.Contains("cluster 'web' not found", Assert.Single(dto.Findings).Detail, StringComparison.Ordinal);

        await fixture.Client().ApplyAsync(Bundle("virtual_service web v2"));
        await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("2.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compile_TimedOut_IsRetriedWithoutAnotherChange()
    {
        // What an HttpClient timeout looks like to its caller: a cancellation nobody asked for.
        var compiler = new FailingOnceCompiler(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));
        await using var fixture = await ControllerFixture.StartAsync(compiler: compiler);
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });

        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));

        await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));
        Assert.True(compiler.Failed);
    }

    [Fact]
    public async Task Compile_NothingChanged_LogsNoNewVersion()
    {
        // Operators read "Compiled snapshot version N" as "proxies get version N": a compile that rewrote nothing (a
        // catalog change that no snapshot shows, the compile at start-up) must not announce one.
        var compiler = new FakeSnapshotCompiler();
        await using var fixture = await ControllerFixture.StartAsync(compiler: compiler);
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("1.", StringComparison.Ordinal));

        var calls = compiler.Calls;
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-2", Name = "web", Address = "127.0.0.1", Port = 8081 });
        await ControllerFixture.EventuallyAsync(() => Task.FromResult(compiler.Calls), c => c > calls, TimeSpan.FromSeconds(20), "compiling the second instance");
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v2"));
        var compiled = await fixture.WaitForAsync("mesh/compiled/web", entries =>
            entries.Count == 1 && SnapshotSerializer.Deserialize(entries[0].Value).Version.StartsWith("2.", StringComparison.Ordinal));
        var version = SnapshotSerializer.Deserialize(compiled[0].Value).Version;
        await ControllerFixture.EventuallyAsync(() => Task.FromResult(fixture.Log), log => log.Contains($"Compiled snapshot version {version}", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "logging the last compile");

        var announced = fixture.Log.Split('\n').Where(l => l.Contains("Compiled snapshot version", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(announced);
        Assert.All(announced, line => Assert.DoesNotContain(": 0 written, 0 deleted", line, StringComparison.Ordinal));
        Assert.All(announced, line => Assert.Matches(@"\d+ written, \d+ deleted, \d+ unchanged$", line));
    }

    /// <summary>Fails its first compilation with the given exception, then compiles like <see cref="FakeSnapshotCompiler"/>.</summary>
    private sealed class FailingOnceCompiler(Exception failure) : Compilation.ISnapshotCompiler
    {
        private readonly FakeSnapshotCompiler _inner = new();
        private int _failed;

        public bool Failed => Volatile.Read(ref _failed) == 1;

        public IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<Compilation.DesiredResource> desired, Compilation.CatalogState catalog) =>
            desired.Count > 0 && Interlocked.Exchange(ref _failed, 1) == 0 ? throw failure : _inner.Compile(desired, catalog);
    }

    private sealed class ThrowingCompiler : Compilation.ISnapshotCompiler
    {
        public IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<Compilation.DesiredResource> desired, Compilation.CatalogState catalog) =>
            throw new InvalidOperationException("route table too large");
    }
}
