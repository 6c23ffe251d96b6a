using System.Text;
using Mesh.Consul.Kv;
using Mesh.Consul.Txn;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

public sealed class KvAgainstDevCatalogTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(KvEntry? entry) => Encoding.UTF8.GetString(Assert.IsType<KvEntry>(entry).Value ?? []);

    [Fact]
    public async Task PutGetListKeysDelete_OverRealHttp_BehaveLikeConsul()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        var kv = f.Client.Kv;

        Assert.True(await kv.PutAsync("app/a", Bytes("1"), new KvWriteOptions { Flags = 42 }));
        Assert.True(await kv.PutAsync("app/b/c", Bytes("2")));
        Assert.True(await kv.PutAsync("other", Bytes("3")));

        var a = await kv.GetAsync("app/a");
        Assert.Equal("1", Text(a.Value));
        Assert.Equal(42UL, a.Value!.Flags);
        Assert.True(a.LastIndex > 0);
        Assert.Null((await kv.GetAsync("app/missing")).Value);

        var list = await kv.ListAsync("app/");
        Assert.Equal(["app/a", "app/b/c"], list.Value.Select(e => e.Key));
        Assert.Equal(["app/a", "app/b/"], (await kv.KeysAsync("app/", "/")).Value);
        Assert.Empty((await kv.ListAsync("nothing/")).Value);

        Assert.True(await kv.DeleteAsync("app/", recurse: true));
        Assert.Empty((await kv.ListAsync("app/")).Value);
        Assert.Equal("3", Text((await kv.GetAsync("other")).Value));
        Assert.True(await kv.DeleteAsync("other"));
        Assert.Null((await kv.GetAsync("other")).Value);
    }

    [Fact]
    public async Task PutAndDelete_WithCas_SucceedOnlyAtTheCurrentModifyIndex()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        var kv = f.Client.Kv;

        Assert.True(await kv.PutAsync("cas", Bytes("v1"), new KvWriteOptions { Cas = 0 }));
        Assert.False(await kv.PutAsync("cas", Bytes("again"), new KvWriteOptions { Cas = 0 }));
        var modify = (await kv.GetAsync("cas")).Value!.ModifyIndex;

        Assert.False(await kv.PutAsync("cas", Bytes("stale"), new KvWriteOptions { Cas = modify + 100 }));
        Assert.True(await kv.PutAsync("cas", Bytes("v2"), new KvWriteOptions { Cas = modify }));
        Assert.Equal("v2", Text((await kv.GetAsync("cas")).Value));

        Assert.False(await kv.DeleteAsync("cas", cas: modify));
        var current = (await kv.GetAsync("cas")).Value!.ModifyIndex;
        Assert.True(await kv.DeleteAsync("cas", cas: current));
        Assert.Null((await kv.GetAsync("cas")).Value);
    }

    [Fact]
    public async Task ExecuteAsync_AllChecksPass_CommitsEveryOp()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        await f.Client.Kv.PutAsync("txn/existing", Bytes("e"));
        var index = (await f.Client.Kv.GetAsync("txn/existing")).Value!.ModifyIndex;

        var result = await f.Client.Txn.ExecuteAsync(
            [TxnOp.CheckIndex("txn/existing", index), TxnOp.Set("txn/a", Bytes("A")), TxnOp.Get("txn/existing")]);

        Assert.True(result.Committed);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Results, e => e.Key == "txn/existing" && Text(e) == "e");
        Assert.Equal("A", Text((await f.Client.Kv.GetAsync("txn/a")).Value));
    }

    [Fact]
    public async Task ExecuteAsync_OneCheckFails_AbortsEveryOp()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        await f.Client.Kv.PutAsync("txn/guard", Bytes("g"));
        await f.Client.Kv.PutAsync("txn/keep", Bytes("old"));

        var result = await f.Client.Txn.ExecuteAsync(
        [
            TxnOp.Set("txn/new", Bytes("n")),
            TxnOp.Delete("txn/keep"),
            TxnOp.CheckNotExists("txn/guard"),
            TxnOp.Set("txn/after", Bytes("x")),
        ]);

        Assert.False(result.Committed);
        Assert.Equal(2, Assert.Single(result.Errors).OpIndex);
        Assert.Null((await f.Client.Kv.GetAsync("txn/new")).Value);
        Assert.Null((await f.Client.Kv.GetAsync("txn/after")).Value);
        Assert.Equal("old", Text((await f.Client.Kv.GetAsync("txn/keep")).Value));
    }

    [Fact]
    public async Task GetAsync_Blocking_WakesWhenTheKeyChanges()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        await f.Client.Kv.PutAsync("watched", Bytes("1"));
        var first = await f.Client.Kv.GetAsync("watched");

        var blocked = f.Client.Kv.GetAsync("watched", new QueryOptions { Index = first.LastIndex, Wait = TimeSpan.FromSeconds(30) });
        await Task.WhenAny(blocked, Task.Delay(200));
        Assert.False(blocked.IsCompleted);
        await f.Client.Kv.PutAsync("watched", Bytes("2"));

        var woke = await blocked.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(woke.LastIndex > first.LastIndex);
        Assert.Equal("2", Text(woke.Value));
    }

    [Fact]
    public async Task GetAsync_BlockingWithoutChange_ReturnsAtWaitTimeoutWithSameIndex()
    {
        await using var f = await DevCatalogFixture.StartAsync();
        await f.Client.Kv.PutAsync("idle", Bytes("1"));
        var first = await f.Client.Kv.GetAsync("idle");
        var started = TimeProvider.System.GetTimestamp();

        var result = await f.Client.Kv.GetAsync("idle", new QueryOptions { Index = first.LastIndex, Wait = TimeSpan.FromSeconds(1) })
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(900));
        Assert.Equal(first.LastIndex, result.LastIndex);
        Assert.Equal("1", Text(result.Value));
    }
}
