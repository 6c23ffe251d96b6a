using Mesh.Consul.Kv;
using Mesh.Consul.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

public sealed class SessionsAgainstDevCatalogTests
{
    [Fact]
    public async Task Lock_AcquiredBySession_ExcludesOthersUntilReleased()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        var s1 = await f.Client.Sessions.CreateAsync(new SessionRequest { Name = "one", TTL = TimeSpan.FromSeconds(30) });
        var s2 = await f.Client.Sessions.CreateAsync(new SessionRequest { Name = "two" });

        Assert.True(await f.Client.Kv.PutAsync("locks/leader", "one"u8.ToArray(), new KvWriteOptions { Acquire = s1 }));
        Assert.False(await f.Client.Kv.PutAsync("locks/leader", "two"u8.ToArray(), new KvWriteOptions { Acquire = s2 }));
        var held = (await f.Client.Kv.GetAsync("locks/leader")).Value!;
        Assert.Equal(s1, held.Session);
        Assert.Equal(1UL, held.LockIndex);

        Assert.False(await f.Client.Kv.PutAsync("locks/leader", "x"u8.ToArray(), new KvWriteOptions { Release = s2 }));
        Assert.True(await f.Client.Kv.PutAsync("locks/leader", "one"u8.ToArray(), new KvWriteOptions { Release = s1 }));
        Assert.Null((await f.Client.Kv.GetAsync("locks/leader")).Value!.Session);

        // A voluntary release has no lock delay.
        Assert.True(await f.Client.Kv.PutAsync("locks/leader", "two"u8.ToArray(), new KvWriteOptions { Acquire = s2 }));
        Assert.True(await f.Client.Sessions.RenewAsync(s1));
    }

    [Fact]
    public async Task Lock_HolderSessionDestroyed_LockDelayBlocksReacquireUntilItPasses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var f = await DevCatalogFixture.StartAsync(time: time);
        var s1 = await f.Client.Sessions.CreateAsync(new SessionRequest { LockDelay = TimeSpan.FromSeconds(15) });
        var s2 = await f.Client.Sessions.CreateAsync(new SessionRequest());
        Assert.True(await f.Client.Kv.PutAsync("lock", "me"u8.ToArray(), new KvWriteOptions { Acquire = s1 }));

        Assert.True(await f.Client.Sessions.DestroyAsync(s1));
        Assert.Null((await f.Client.Kv.GetAsync("lock")).Value!.Session);
        Assert.False(await f.Client.Kv.PutAsync("lock", "you"u8.ToArray(), new KvWriteOptions { Acquire = s2 }));

        time.Advance(TimeSpan.FromSeconds(16));
        Assert.True(await f.Client.Kv.PutAsync("lock", "you"u8.ToArray(), new KvWriteOptions { Acquire = s2 }));
        Assert.Equal(s2, (await f.Client.Kv.GetAsync("lock")).Value!.Session);
    }

    [Fact]
    public async Task Lock_SessionWithDeleteBehaviorDestroyed_DeletesTheKey()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        var session = await f.Client.Sessions.CreateAsync(new SessionRequest { Behavior = SessionBehavior.Delete, LockDelay = TimeSpan.Zero });
        Assert.True(await f.Client.Kv.PutAsync("ephemeral", "x"u8.ToArray(), new KvWriteOptions { Acquire = session }));

        Assert.True(await f.Client.Sessions.DestroyAsync(session));

        Assert.Null((await f.Client.Kv.GetAsync("ephemeral")).Value);
        Assert.False(await f.Client.Sessions.RenewAsync(session));
    }
}
