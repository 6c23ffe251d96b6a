using System.Net;
using System.Text;

namespace Mesh.DevCatalog.Tests;

public sealed class KvTests
{
    [Fact]
    public async Task Put_ThenGet_ReturnsBase64EntryWithIndexes()
    {
        await using var h = await CatalogHarness.StartAsync();
        Assert.Equal("true", await h.PutTextAsync("v1/kv/app/config?flags=42", "hello"));

        using var response = await h.GetAsync("v1/kv/app/config");
        var entry = (await h.GetJsonAsync("v1/kv/app/config"))[0];
        Assert.Equal("app/config", entry.GetProperty("Key").GetString());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello")), entry.GetProperty("Value").GetString());
        Assert.Equal(42UL, entry.GetProperty("Flags").GetUInt64());
        Assert.Equal(entry.GetProperty("ModifyIndex").GetUInt64(), CatalogHarness.Index(response));
        Assert.Equal("true", response.Headers.GetValues("X-Consul-KnownLeader").Single());
        Assert.Equal("0", response.Headers.GetValues("X-Consul-LastContact").Single());
        Assert.False(entry.TryGetProperty("Session", out _));
    }

    [Fact]
    public async Task Put_SameValueTwice_KeepsModifyIndex()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/a", "v");
        var first = (await h.GetEntryAsync("a")).GetProperty("ModifyIndex").GetUInt64();

        Assert.Equal("true", await h.PutTextAsync("v1/kv/a", "v"));
        Assert.Equal(first, (await h.GetEntryAsync("a")).GetProperty("ModifyIndex").GetUInt64());

        await h.PutTextAsync("v1/kv/a", "w");
        Assert.True((await h.GetEntryAsync("a")).GetProperty("ModifyIndex").GetUInt64() > first);
    }

    [Fact]
    public async Task Get_MissingKey_Is404WithKvTableIndexIncludingDeletes()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/a", "1");
        using var delete = await h.Http.DeleteAsync(new Uri("v1/kv/a", UriKind.Relative));
        var indexAfterDelete = h.Server.Store.Index;

        using var response = await h.GetAsync("v1/kv/a");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(indexAfterDelete, CatalogHarness.Index(response));
    }

    [Fact]
    public async Task Cas_ZeroMeansOnlyIfAbsent_AndIndexMustMatch()
    {
        await using var h = await CatalogHarness.StartAsync();
        Assert.Equal("true", await h.PutTextAsync("v1/kv/k?cas=0", "1"));
        Assert.Equal("false", await h.PutTextAsync("v1/kv/k?cas=0", "2"));
        var index = (await h.GetEntryAsync("k")).GetProperty("ModifyIndex").GetUInt64();

        Assert.Equal("false", await h.PutTextAsync($"v1/kv/k?cas={index + 100}", "3"));
        Assert.Equal("true", await h.PutTextAsync($"v1/kv/k?cas={index}", "4"));
        Assert.Equal(Convert.ToBase64String("4"u8.ToArray()), (await h.GetEntryAsync("k")).GetProperty("Value").GetString());
    }

    [Fact]
    public async Task DeleteCas_StaleIsFalse_MissingIsTrue()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/k", "1");
        var index = (await h.GetEntryAsync("k")).GetProperty("ModifyIndex").GetUInt64();

        using var stale = await h.Http.DeleteAsync(new Uri($"v1/kv/k?cas={index + 1}", UriKind.Relative));
        Assert.Equal("false", await stale.Content.ReadAsStringAsync());
        using var ok = await h.Http.DeleteAsync(new Uri($"v1/kv/k?cas={index}", UriKind.Relative));
        Assert.Equal("true", await ok.Content.ReadAsStringAsync());
        using var missing = await h.Http.DeleteAsync(new Uri("v1/kv/k?cas=5", UriKind.Relative));
        Assert.Equal("true", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keys_WithSeparator_StopsAtLevel_RawReturnsBareValue()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/svc/a/x", "1");
        await h.PutTextAsync("v1/kv/svc/a/y", "2");
        await h.PutTextAsync("v1/kv/svc/b", "raw-value");

        var keys = await h.GetJsonAsync("v1/kv/svc/?keys&separator=/");
        Assert.Equal(["svc/a/", "svc/b"], keys.EnumerateArray().Select(k => k.GetString()));
        var all = await h.GetJsonAsync("v1/kv/svc/?recurse");
        Assert.Equal(3, all.GetArrayLength());
        using var raw = await h.GetAsync("v1/kv/svc/b?raw");
        Assert.Equal("raw-value", await raw.Content.ReadAsStringAsync());
        using var none = await h.GetAsync("v1/kv/nothing/?keys");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Put_ValueOver512KB_Is413()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.PutAsync("v1/kv/big", new string('x', (512 * 1024) + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_CasWithAcquire_IsConflictingFlags400()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.PutAsync("v1/kv/k?cas=0&acquire=x", "v");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Conflicting flags", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404PlainText_StatusLeaderIsQuotedAddress()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var unknown = await h.GetAsync("v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/plain", unknown.Content.Headers.ContentType?.MediaType);
        using var leader = await h.GetAsync("v1/status/leader");
        Assert.Equal("\"127.0.0.1:8300\"", await leader.Content.ReadAsStringAsync());
    }
}
