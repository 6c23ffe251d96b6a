using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesh.DevCatalog.Tests;

public sealed class TxnTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task Txn_AllSucceed_CommitsAtOneIndexWithResults()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.PutJsonAsync("v1/txn", $$$"""
            [{"KV":{"Verb":"set","Key":"t/a","Value":"{{{B64("1")}}}"}},
             {"KV":{"Verb":"check-not-exists","Key":"t/b"}},
             {"KV":{"Verb":"set","Key":"t/b","Value":"{{{B64("2")}}}"}},
             {"KV":{"Verb":"get","Key":"t/a"}}]
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Errors").ValueKind);
        var results = body.GetProperty("Results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("KV").GetProperty("Value").ValueKind);
        Assert.Equal(B64("1"), results[2].GetProperty("KV").GetProperty("Value").GetString());
        Assert.Equal(
            (await h.GetEntryAsync("t/a")).GetProperty("ModifyIndex").GetUInt64(),
            (await h.GetEntryAsync("t/b")).GetProperty("ModifyIndex").GetUInt64());
    }

    [Fact]
    public async Task Txn_OneFails_RollsBackEverythingWith409()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/t/a", "old");
        var index = h.Server.Store.Index;

        using var response = await h.PutJsonAsync("v1/txn", $$$"""
            [{"KV":{"Verb":"set","Key":"t/a","Value":"{{{B64("new")}}}"}},
             {"KV":{"Verb":"delete","Key":"t/a"}},
             {"KV":{"Verb":"cas","Key":"t/c","Value":"{{{B64("x")}}}","Index":99}}]
            """);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Results").ValueKind);
        var error = Assert.Single(body.GetProperty("Errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("OpIndex").GetInt32());
        Assert.Contains("index is stale", error.GetProperty("What").GetString(), StringComparison.Ordinal);
        Assert.Equal(B64("old"), (await h.GetEntryAsync("t/a")).GetProperty("Value").GetString());
        Assert.Equal(index, h.Server.Store.Index);
    }

    [Fact]
    public async Task Txn_Post_Is405()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.Http.PostAsync(new Uri("v1/txn", UriKind.Relative), new StringContent("[]"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Txn_MoreThan64Ops_Is413()
    {
        await using var h = await CatalogHarness.StartAsync();
        var ops = string.Join(",", Enumerable.Range(0, 65).Select(i => $$$"""{"KV":{"Verb":"get","Key":"k{{{i}}}"}}"""));
        using var response = await h.PutJsonAsync("v1/txn", "[" + ops + "]");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Transaction contains too many operations (65 > 64)", await response.Content.ReadAsStringAsync());
    }
}
