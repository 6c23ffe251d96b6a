using Mesh.DevCatalog.Txn;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.DevCatalog.Tests;

public sealed class CatalogStoreTests
{
    private static CatalogStore NewStore() => new(new FakeTimeProvider(), "dev", "dc1", dataDirectory: null);

    [Fact]
    public void Index_StartsAtOne_AndMovesOnlyOnChanges()
    {
        using var store = NewStore();
        Assert.Equal(1UL, store.Index);
        store.KvSet("a", [1], 0);
        Assert.Equal(2UL, store.Index);
        store.KvSet("a", [1], 0);
        store.KvDelete("missing");
        Assert.Equal(2UL, store.Index);
    }

    [Fact]
    public void ReapTombstones_LetsPrefixIndexMoveBackwards()
    {
        using var store = NewStore();
        store.KvSet("p/a", [1], 0);
        store.KvSet("p/b", [1], 0);
        store.KvDelete("p/b");
        var withTombstone = store.KvGet("p/", recurse: true).Index;

        store.ReapTombstones();
        Assert.True(store.KvGet("p/", recurse: true).Index < withTombstone);
    }

    [Fact]
    public void Txn_LockWithUnknownSession_ReportsInvalidSessionAndRollsBack()
    {
        using var store = NewStore();
        var response = store.ApplyTxn([
            new TxnKvOp { Verb = "set", Key = "x", Value = [1] },
            new TxnKvOp { Verb = "lock", Key = "l", Session = "nope" },
            new TxnKvOp { Verb = "bogus", Key = "y" },
        ]);

        Assert.Null(response.Results);
        Assert.Equal([1, 2], response.Errors!.Select(e => e.OpIndex));
        Assert.Contains("invalid session", response.Errors![0].What, StringComparison.Ordinal);
        Assert.Empty(store.KvGet("x", recurse: false).Value);
        Assert.Equal(1UL, store.Index);
    }

    [Fact]
    public async Task QueryAsync_ReturnsAtOnceWhenIndexAlreadyPast()
    {
        using var store = NewStore();
        store.KvSet("a", [1], 0);
        var result = await store.QueryAsync(1, TimeSpan.FromMinutes(5), () => store.KvGet("a", false), CancellationToken.None);
        Assert.Equal(2UL, result.Index);
    }
}
