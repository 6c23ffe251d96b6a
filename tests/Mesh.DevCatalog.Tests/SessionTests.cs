using System.Net;
using System.Text.Json;

namespace Mesh.DevCatalog.Tests;

public sealed class SessionTests
{
    [Fact]
    public async Task Acquire_IncrementsLockIndex_SecondSessionIsRefused_ReleaseFrees()
    {
        await using var h = await CatalogHarness.StartAsync();
        var s1 = await h.CreateSessionAsync("""{"Name":"leader","TTL":"15s"}""");
        var s2 = await h.CreateSessionAsync();

        Assert.Equal("true", await h.PutTextAsync($"v1/kv/lock?acquire={s1}", "me"));
        var held = await h.GetEntryAsync("lock");
        Assert.Equal(1UL, held.GetProperty("LockIndex").GetUInt64());
        Assert.Equal(s1, held.GetProperty("Session").GetString());
        Assert.Equal("false", await h.PutTextAsync($"v1/kv/lock?acquire={s2}", "you"));
        Assert.Equal("false", await h.PutTextAsync($"v1/kv/lock?release={s2}"));

        Assert.Equal("true", await h.PutTextAsync($"v1/kv/lock?release={s1}"));
        Assert.False((await h.GetEntryAsync("lock")).TryGetProperty("Session", out _));
        Assert.Equal("true", await h.PutTextAsync($"v1/kv/lock?acquire={s2}", "you"));
        Assert.Equal(2UL, (await h.GetEntryAsync("lock")).GetProperty("LockIndex").GetUInt64());
    }

    [Fact]
    public async Task Acquire_UnknownSession_Is500InvalidSession()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.PutAsync("v1/kv/lock?acquire=00000000-0000-0000-0000-000000000000", "x");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("invalid session", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_ReleasesLock_AndLockDelayBlocksReacquireUntilItPasses()
    {
        await using var h = await CatalogHarness.StartAsync();
        var s1 = await h.CreateSessionAsync("""{"LockDelay":"15s"}""");
        var s2 = await h.CreateSessionAsync();
        Assert.Equal("true", await h.PutTextAsync($"v1/kv/lock?acquire={s1}", "me"));

        Assert.Equal("true", await h.PutTextAsync($"v1/session/destroy/{s1}"));
        Assert.False((await h.GetEntryAsync("lock")).TryGetProperty("Session", out _));
        Assert.Equal("false", await h.PutTextAsync($"v1/kv/lock?acquire={s2}", "you"));

        h.Time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal("true", await h.PutTextAsync($"v1/kv/lock?acquire={s2}", "you"));
    }

    [Fact]
    public async Task Ttl_NotRenewedForTwiceTtl_InvalidatesAndDeletesKeysWithDeleteBehavior()
    {
        await using var h = await CatalogHarness.StartAsync();
        var id = await h.CreateSessionAsync("""{"TTL":"10s","Behavior":"delete","LockDelay":"0s"}""");
        Assert.Equal("true", await h.PutTextAsync($"v1/kv/ephemeral?acquire={id}", "x"));

        h.Time.Advance(TimeSpan.FromSeconds(15));
        using (var renew = await h.PutAsync($"v1/session/renew/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, renew.StatusCode);
            var sessions = JsonDocument.Parse(await renew.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(id, sessions[0].GetProperty("ID").GetString());
            Assert.Equal("10s", sessions[0].GetProperty("TTL").GetString());
        }

        h.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(1, (await h.GetJsonAsync($"v1/session/info/{id}")).GetArrayLength());
        h.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("[]", (await h.GetJsonAsync($"v1/session/info/{id}")).GetRawText());
        using var gone = await h.GetAsync("v1/kv/ephemeral");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var renewAfter = await h.PutAsync($"v1/session/renew/{id}");
        Assert.Equal(HttpStatusCode.NotFound, renewAfter.StatusCode);
    }

    [Theory]
    [InlineData("5s")]
    [InlineData("86401s")]
    public async Task Create_TtlOutOfRange_Is400(string ttl)
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.PutJsonAsync("v1/session/create", $$"""{"TTL":"{{ttl}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid Session TTL", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsSessionsWithDefaults()
    {
        await using var h = await CatalogHarness.StartAsync();
        var id = await h.CreateSessionAsync("""{"Name":"n"}""");
        var session = Assert.Single((await h.GetJsonAsync("v1/session/list")).EnumerateArray());
        Assert.Equal(id, session.GetProperty("ID").GetString());
        Assert.Equal("release", session.GetProperty("Behavior").GetString());
        Assert.Equal(15_000_000_000L, session.GetProperty("LockDelay").GetInt64());
        Assert.Equal("dev", session.GetProperty("Node").GetString());
    }
}
