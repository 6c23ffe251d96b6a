using Mesh.Agent.Snapshots;
using Mesh.Agent.State;
using Mesh.Agent.Tests.Integration;
using Mesh.Consul.Watch;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Tests.Snapshots;

/// <summary>
/// The hosts a sidecar follows outside its upstreams hold leases on the agent's snapshot watches: a host dropped by
/// every sidecar is no longer watched, a host also tracked for good (an upstream, a gateway's) keeps its watch.
/// Real development catalog.
/// </summary>
public sealed class FollowedSnapshotsTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);

    private static ProxySnapshot Snapshot(string host, string version) => new()
    {
        Version = version,
        Host = host,
        Http = [new HttpRoute { Route = [new RouteDestination { Host = host }] }],
        Clusters = [new Cluster { Host = host }],
    };

    private static SnapshotManager Manager(MeshTestEnvironment env) =>
        new(env.Consul, new LastKnownGoodStore(Path.Combine(env.Root, "state")), TimeProvider.System, NullLogger.Instance, new ConsulWatchOptions());

    [Fact]
    public async Task Follow_ServesTheCompiledSnapshotFromTheFirstAnswer_ForgetStopsWatchingIt()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Snapshot("reviews", "1"));
        await using var manager = Manager(env);
        using var followed = new FollowedSnapshots(manager);

        await followed.FollowAsync("reviews", s_wait, CancellationToken.None);

        Assert.Equal("1", followed.Compiled("reviews")?.Version);
        Assert.Equal(["reviews"], followed.Hosts);

        followed.Forget("reviews");
        await env.WriteSnapshotAsync(Snapshot("reviews", "2"));
        await Task.Delay(500);

        Assert.Null(manager.Get("reviews"));
        Assert.Null(followed.Compiled("reviews"));
        Assert.Empty(followed.Hosts);
    }

    [Fact]
    public async Task Follow_HostWithoutCompiledSnapshot_HasNoCompiledSnapshot()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var manager = Manager(env);
        using var followed = new FollowedSnapshots(manager);

        await followed.FollowAsync("ratings", s_wait, CancellationToken.None);

        Assert.Equal("default", manager.Get("ratings")?.Origin);
        Assert.Null(followed.Compiled("ratings"));
    }

    [Fact]
    public async Task Forget_HostTrackedForGoodOrFollowedByAnotherSidecar_KeepsBeingWatched()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Snapshot("reviews", "1"));
        await env.WriteSnapshotAsync(Snapshot("ratings", "1"));
        await using var manager = Manager(env);
        using var web = new FollowedSnapshots(manager);
        using var shop = new FollowedSnapshots(manager);
        manager.Track("reviews");
        await web.FollowAsync("reviews", s_wait, CancellationToken.None);
        await web.FollowAsync("ratings", s_wait, CancellationToken.None);
        await shop.FollowAsync("ratings", s_wait, CancellationToken.None);

        web.ForgetAll();
        await env.WriteSnapshotAsync(Snapshot("reviews", "2"));
        await env.WriteSnapshotAsync(Snapshot("ratings", "2"));

        await MeshTestEnvironment.EventuallyAsync(() => Task.FromResult(manager.Get("reviews")?.Current?.Version == "2"), "reviews, tracked for good, follows version 2");
        await MeshTestEnvironment.EventuallyAsync(() => Task.FromResult(shop.Compiled("ratings")?.Version == "2"), "ratings, still followed by shop, follows version 2");
        Assert.Null(web.Compiled("ratings"));

        shop.Dispose();

        Assert.Null(manager.Get("ratings"));
        Assert.NotNull(manager.Get("reviews"));
    }
}
