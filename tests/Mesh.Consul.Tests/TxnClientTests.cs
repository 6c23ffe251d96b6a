using System.Net;
using System.Text;
using System.Text.Json;
using Mesh.Consul.Txn;

namespace Mesh.Consul.Tests;

public sealed class TxnClientTests
{
    [Fact]
    public async Task ExecuteAsync_Committed_PutsOpsAndParsesResults()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(
            """{"Results":[{"KV":{"Key":"a","Value":null,"ModifyIndex":21,"CreateIndex":20}}],"Errors":null}"""));

        var result = await FakeConsulHandler.Client(handler).Txn.ExecuteAsync(
        [
            TxnOp.Cas("a", Encoding.UTF8.GetBytes("v"), 12),
            TxnOp.CheckSession("b", "s-1"),
            TxnOp.DeleteTree("old/"),
        ]);

        Assert.True(result.Committed);
        Assert.Equal(21UL, Assert.Single(result.Results).ModifyIndex);
        Assert.Empty(result.Errors);
        Assert.Equal(HttpMethod.Put, handler.Single.Method);
        Assert.Equal("/v1/txn", handler.Single.PathAndQuery);
        using var body = JsonDocument.Parse(handler.Single.Body);
        var ops = body.RootElement.EnumerateArray().Select(op => op.GetProperty("KV")).ToList();
        Assert.Equal("cas", ops[0].GetProperty("Verb").GetString());
        Assert.Equal("dg==", ops[0].GetProperty("Value").GetString());
        Assert.Equal(12, ops[0].GetProperty("Index").GetInt32());
        Assert.Equal("check-session", ops[1].GetProperty("Verb").GetString());
        Assert.Equal("s-1", ops[1].GetProperty("Session").GetString());
        Assert.False(ops[2].TryGetProperty("Value", out _));
        Assert.Equal("delete-tree", ops[2].GetProperty("Verb").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_Conflict_ReturnsRolledBackWithErrors()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(
            """{"Results":null,"Errors":[{"OpIndex":1,"What":"current modify index 13 does not match 12"}]}""", HttpStatusCode.Conflict));

        var result = await FakeConsulHandler.Client(handler).Txn.ExecuteAsync([TxnOp.Get("a"), TxnOp.CheckIndex("a", 12)]);

        Assert.False(result.Committed);
        Assert.Empty(result.Results);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.OpIndex);
        Assert.Contains("does not match", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_MoreThan64Ops_ThrowsWithoutSending()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("{}"));
        var ops = Enumerable.Range(0, 65).Select(i => TxnOp.Delete($"k{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => FakeConsulHandler.Client(handler).Txn.ExecuteAsync(ops));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Factories_EveryVerb_UseConsulVerbNames()
    {
        byte[] v = [1];
        TxnOp[] ops =
        [
            TxnOp.Set("k", v), TxnOp.Cas("k", v, 1), TxnOp.Lock("k", v, "s"), TxnOp.Unlock("k", v, "s"), TxnOp.Get("k"),
            TxnOp.GetTree("k"), TxnOp.CheckIndex("k", 1), TxnOp.CheckSession("k", "s"), TxnOp.CheckNotExists("k"),
            TxnOp.Delete("k"), TxnOp.DeleteTree("k"), TxnOp.DeleteCas("k", 1),
        ];

        Assert.Equal(
            ["set", "cas", "lock", "unlock", "get", "get-tree", "check-index", "check-session", "check-not-exists", "delete", "delete-tree", "delete-cas"],
            ops.Select(op => op.Verb));
    }
}
