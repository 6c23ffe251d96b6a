using System.Diagnostics;
using Mesh.Consul.Agent;
using Mesh.Controller.Hosting;
using Mesh.Snapshots.Serialization;
using Microsoft.Extensions.DependencyInjection;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

/// <summary>Two replicas on one catalog; Consul's minimum session TTL (10 s) and a 1 s lock delay.</summary>
public sealed class FailoverTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockDelay = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Crash_OfLeader_StandbyTakesOverWithinTtlAndKeepsSnapshots()
    {
        var leaderCompiler = new FakeSnapshotCompiler();
        var standbyCompiler = new FakeSnapshotCompiler();
        await using var fixture = await ControllerFixture.StartAsync(
            o =>
            {
                o.LeaderSessionTtl = Ttl;
                o.LeaderLockDelay = LockDelay;
            },
            leaderCompiler);
        await ControllerFixture.EventuallyAsync(() => fixture.Client().StatusAsync(), s => s.Leader == "controller-1", TimeSpan.FromSeconds(20), "controller-1 leading");
        var standby = await fixture.StartReplicaAsync("controller-2", standbyCompiler);
        var standbyClient = fixture.Client(standby);
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "web-1", Name = "web", Address = "127.0.0.1", Port = 8080 });
        await fixture.Consul.Agent.RegisterServiceAsync(new ServiceRegistration { ID = "api-1", Name = "api", Address = "127.0.0.1", Port = 9090 });

        // While the leader lives, only it compiles, also for changes applied through the standby.
        await fixture.Client().ApplyAsync(Bundle("virtual_service web v1"));
        await standbyClient.ApplyAsync(Bundle("virtual_service web v2"));
        var before = await fixture.WaitForAsync("mesh/compiled/", entries =>
            entries.Count == 2 && entries.All(e => SnapshotSerializer.Deserialize(e.Value).Version.StartsWith("2.", StringComparison.Ordinal)));
        Assert.Equal(0, standbyCompiler.Calls);
        Assert.False(standby.Services.GetRequiredService<LeaderService>().IsLeader);

        var crashed = Stopwatch.StartNew();
        await fixture.Controller.CrashAsync();

        await ControllerFixture.EventuallyAsync(() => standbyClient.StatusAsync(), s => s.Leader == "controller-2", TimeSpan.FromSeconds(60), "controller-2 taking over");
        await ControllerFixture.EventuallyAsync(() => Task.FromResult(standbyCompiler.Calls), calls => calls > 0, TimeSpan.FromSeconds(20), "controller-2 compiling");
        // Consul expires a session after twice its TTL; the standby retries every TTL/2; then the lock delay.
        Assert.InRange(crashed.Elapsed, TimeSpan.Zero, (2 * Ttl) + (Ttl / 2) + LockDelay + TimeSpan.FromSeconds(10));

        // Nothing the old leader wrote is lost: unchanged snapshots are not even rewritten.
        var after = await fixture.Consul.Kv.ListAsync("mesh/compiled/", null, CancellationToken.None);
        Assert.Equal(before.Select(e => (e.Key, e.ModifyIndex)), after.Value.Select(e => (e.Key, e.ModifyIndex)));

        await standbyClient.ApplyAsync(Bundle("virtual_service web v3"));

        await fixture.WaitForAsync("mesh/compiled/", entries =>
            entries.Count == 2 && entries.All(e => SnapshotSerializer.Deserialize(e.Value).Version.StartsWith("3.", StringComparison.Ordinal)));
    }
}
