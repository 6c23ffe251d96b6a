using Mesh.Nomad.Watching;
using Mesh.TestDoubles.Nomad;

namespace Mesh.Nomad.Tests.Watching;

public sealed class AllocationWatcherTests
{
    [Fact]
    public async Task WatchAsync_OptedInTask_YieldsAddressPortMetaAndUpstreams()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad);

        var change = await watched.NextAsync();

        Assert.Equal(MeshedTaskChangeKind.Upserted, change.Kind);
        var task = change.Task;
        Assert.Equal("reviews", task.ServiceName);
        Assert.Equal(reviews.Id, task.AllocationId);
        Assert.Equal("reviews-v2.reviews[0]", task.AllocationName);
        Assert.Equal("app", task.TaskName);
        Assert.Equal("default", task.Namespace);
        Assert.Equal("10.0.3.7", task.Address);
        Assert.Equal(23456, task.Port);
        Assert.Equal("v2", task.Version);
        Assert.Equal(["mesh", "api"], task.Tags);
        Assert.Equal([new MeshUpstream("ratings", 9191), new MeshUpstream("details", 9192)], task.Upstreams);
    }

    [Fact]
    public async Task WatchAsync_GroupServiceOptedInByMeta_ResolvesReservedPort()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Ratings());
        await using var watched = WatchedChanges.Start(nomad);

        var change = await watched.NextAsync();

        Assert.Equal("ratings", change.Task.ServiceName);
        Assert.Null(change.Task.TaskName);
        Assert.Equal(9080, change.Task.Port);
        Assert.Equal("nomad", change.Task.Provider);
        Assert.Empty(change.Task.Upstreams);
    }

    [Fact]
    public async Task WatchAsync_ServiceWithoutMeshTagOrMeta_IsNotYielded()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Legacy());
        await using var watched = WatchedChanges.Start(nomad);

        // The opted-in allocation placed after the legacy one is the first and only change.
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        var change = await watched.NextAsync();

        Assert.Equal("reviews", change.Task.ServiceName);
        Assert.DoesNotContain(watched.Watcher.Current, t => t.ServiceName == "legacy-web");
        Assert.True(watched.IsDrained);
    }

    [Theory]
    [InlineData("stop", "complete")]
    [InlineData("evict", "running")]
    [InlineData("run", "complete")]
    [InlineData("run", "failed")]
    [InlineData("run", "lost")]
    public async Task WatchAsync_AllocationStopsOrEnds_YieldsRemoved(string desiredStatus, string clientStatus)
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad);
        Assert.Equal(MeshedTaskChangeKind.Upserted, (await watched.NextAsync()).Kind);

        nomad.UpdateAllocation(reviews.Id, a =>
        {
            a.DesiredStatus = desiredStatus;
            a.ClientStatus = clientStatus;
        });
        var change = await watched.NextAsync();

        Assert.Equal(MeshedTaskChangeKind.Removed, change.Kind);
        Assert.Equal(reviews.Id, change.Task.AllocationId);
        Assert.Empty(watched.Watcher.Current);
    }

    [Fact]
    public async Task WatchAsync_AllocStopLikeTheCli_YieldsRemovedThenNothingWhenCollected()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad);
        await watched.NextAsync();

        nomad.StopAllocation(reviews.Id);
        Assert.Equal(MeshedTaskChangeKind.Removed, (await watched.NextAsync()).Kind);

        nomad.RemoveAllocation(reviews.Id);
        var ratings = NomadFixture.Ratings();
        nomad.AddAllocation(ratings);
        var next = await watched.NextAsync();
        Assert.Equal((MeshedTaskChangeKind.Upserted, "ratings"), (next.Kind, next.Task.ServiceName));
    }

    [Fact]
    public async Task WatchAsync_PortChanges_YieldsUpsertWithNewPort()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad);
        await watched.NextAsync();

        // An in-place update that only touches the client status is not a change for the mesh...
        nomad.SetClientStatus(reviews.Id, "running");
        // ...a new port is.
        nomad.UpdateAllocation(reviews.Id, a =>
        {
            a.Ports.Clear();
            a.Ports.Add(new NomadDoublePort("http", 24000));
        });
        var change = await watched.NextAsync();

        Assert.Equal(MeshedTaskChangeKind.Upserted, change.Kind);
        Assert.Equal(24000, change.Task.Port);
        Assert.True(watched.IsDrained);
    }

    [Fact]
    public async Task WatchAsync_TaskDiesInRunningAllocation_YieldsRemoved()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad);
        await watched.NextAsync();

        nomad.UpdateAllocation(reviews.Id, a => a.Tasks[0].State = "dead");

        Assert.Equal(MeshedTaskChangeKind.Removed, (await watched.NextAsync()).Kind);
    }

    [Fact]
    public async Task WatchAsync_NamespaceOption_MeshesOnlyThatNamespace()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Reviews("v1", 23001, ns: "default"));
        await using var watched = WatchedChanges.Start(nomad, @namespace: "shop");
        nomad.AddAllocation(NomadFixture.Reviews("v2", 23002, ns: "shop"));

        var change = await watched.NextAsync();

        Assert.Equal(("shop", 23002), (change.Task.Namespace, change.Task.Port));
        Assert.Single(watched.Watcher.Current);
    }

    [Fact]
    public async Task WatchAsync_Blocking_SendsTheLastIndexAndWakesOnChange()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        // A wait far longer than the test: a change must wake the blocked query, not the wait running out.
        await using var watched = WatchedChanges.Start(nomad, wait: TimeSpan.FromMinutes(5), nodeId: nomad.NodeId);
        var indexBefore = nomad.Index;
        await nomad.WaitForRequestsAsync(n => n.AllocationQueryIndexes.Contains(indexBefore), TestContext.Timeout);

        nomad.AddAllocation(NomadFixture.Reviews());
        var change = await watched.NextAsync();

        Assert.Equal(MeshedTaskChangeKind.Upserted, change.Kind);
        Assert.Null(nomad.AllocationQueryIndexes[0]);
    }

    [Fact]
    public async Task WatchAsync_IndexGoesBackwards_ResetsToAFullReadAndKeepsFollowing()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        for (var i = 0; i < 20; i++)
        {
            nomad.AddAllocation(NomadFixture.Legacy());
        }

        var reviews = NomadFixture.Reviews();
        var highIndex = nomad.AddAllocation(reviews);
        await using var watched = WatchedChanges.Start(nomad, wait: TimeSpan.FromSeconds(1));
        await watched.NextAsync();

        // A snapshot restore: the index falls below what the watcher holds; the held query answers only when its wait ends.
        nomad.RewindIndex(3);
        nomad.StopAllocation(reviews.Id);
        var removed = await watched.NextAsync();
        Assert.Equal(MeshedTaskChangeKind.Removed, removed.Kind);

        // After the reset the watcher blocks on the new, low index, so later changes arrive.
        nomad.AddAllocation(NomadFixture.Ratings());
        var added = await watched.NextAsync();
        Assert.Equal("ratings", added.Task.ServiceName);
        await nomad.WaitForRequestsAsync(n => n.AllocationQueryIndexes.Any(index => index is > 0 && index < highIndex), TestContext.Timeout);
        var sent = nomad.AllocationQueryIndexes;
        Assert.Contains((ulong?)highIndex, sent);
        Assert.Contains((ulong?)null, sent.Skip(1));
    }

    [Fact]
    public async Task WatchAsync_NomadRestarts_ReconcilesWithTheRestartedState()
    {
        var nomad = await NomadFixture.StartDoubleAsync();
        var port = nomad.Port;
        var before = NomadFixture.Reviews("v1", 23001);
        nomad.AddAllocation(before);
        for (var i = 0; i < 10; i++)
        {
            nomad.AddAllocation(NomadFixture.Legacy());
        }

        await using var watched = WatchedChanges.Start(nomad, wait: TimeSpan.FromSeconds(1));
        Assert.Equal(before.Id, (await watched.NextAsync()).Task.AllocationId);

        // The agent restarts with different state (v1 was rescheduled as v2) and a fresh, lower index.
        await nomad.DisposeAsync();
        await using var restarted = await NomadFixture.StartDoubleAsync(port);
        var after = NomadFixture.Reviews("v2", 23002);
        restarted.AddAllocation(after);

        var changes = new[] { await watched.NextAsync(), await watched.NextAsync() };

        Assert.Contains(changes, c => c.Kind == MeshedTaskChangeKind.Upserted && c.Task.AllocationId == after.Id && c.Task.Port == 23002);
        Assert.Contains(changes, c => c.Kind == MeshedTaskChangeKind.Removed && c.Task.AllocationId == before.Id);
        Assert.Equal([after.Id], watched.Watcher.Current.Select(t => t.AllocationId));
    }

    [Fact]
    public async Task WatchAsync_WrongTokenThenNomadAvailable_BacksOffAndRecovers()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Reviews());
        await using var wrong = WatchedChanges.Start(nomad, token: "not-the-token", nodeId: nomad.NodeId);
        await using var right = WatchedChanges.Start(nomad, nodeId: nomad.NodeId);

        Assert.Equal("reviews", (await right.NextAsync()).Task.ServiceName);
        // Refused three times, each after a back-off, and still trying.
        await nomad.WaitForRequestsAsync(n => n.DeniedRequests >= 3, TestContext.Timeout);

        Assert.True(wrong.IsDrained);
        Assert.Empty(wrong.Watcher.Current);
    }

    [Fact]
    public async Task WatchAsync_CancelledWhileBlocked_EndsWithoutWaitingForNomad()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var watched = WatchedChanges.Start(nomad, wait: TimeSpan.FromMinutes(5), nodeId: nomad.NodeId);
        await nomad.WaitForRequestsAsync(n => n.AllocationQueryIndexes.Any(i => i is > 0), TestContext.Timeout);

        // DisposeAsync cancels and waits for the enumeration to finish; the held query must not keep it.
        await watched.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WatchAsync_NomadDownAtStart_RetriesUntilItAnswers()
    {
        var gone = await NomadFixture.StartDoubleAsync();
        var port = gone.Port;
        var nodeId = gone.NodeId;
        var address = gone.Address;
        await gone.DisposeAsync();
        await using var watched = WatchedChanges.Start(address, nodeId: null);

        // Connection refused a few times (backing off), then Nomad comes up on that address.
        await using var nomad = await NomadFixture.StartDoubleAsync(port);
        nomad.AddAllocation(NomadFixture.Reviews());

        var change = await watched.NextAsync();
        Assert.Equal(("reviews", nodeId), (change.Task.ServiceName, nomad.NodeId));
    }

    [Fact]
    public async Task WatchAsync_OptedInServiceWithUnallocatedPortLabel_IsSkippedAndOthersStillMeshed()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var typo = NomadFixture.Reviews("v1", 23001);
        typo.Tasks[0].Services[0].PortLabel = "htpp";
        nomad.AddAllocation(typo);
        nomad.AddAllocation(NomadFixture.Ratings());
        await using var watched = WatchedChanges.Start(nomad);

        var change = await watched.NextAsync();

        Assert.Equal("ratings", change.Task.ServiceName);
        Assert.Equal(["ratings"], watched.Watcher.Current.Select(t => t.ServiceName));
    }
}
