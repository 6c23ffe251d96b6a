using System.Net;

namespace Mesh.DevCatalog.Tests;

public sealed class BlockingQueryTests
{
    [Fact]
    public async Task BlockingGet_WakesOnWriteToTheKey()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/watched", "1");
        using var first = await h.GetAsync("v1/kv/watched");
        var index = CatalogHarness.Index(first);

        var blocked = h.GetAsync($"v1/kv/watched?index={index}&wait=5m");
        await h.WaitForBlockedQueriesAsync();
        Assert.False(blocked.IsCompleted);
        await h.PutTextAsync("v1/kv/watched", "2");

        using var woken = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(CatalogHarness.Index(woken) > index);
        Assert.Equal(Convert.ToBase64String("2"u8.ToArray()), (await h.GetEntryAsync("watched")).GetProperty("Value").GetString());
    }

    [Fact]
    public async Task BlockingGet_TimesOutOnTheFakeClock_WithSameIndex()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/idle", "1");
        using var first = await h.GetAsync("v1/kv/idle");
        var index = CatalogHarness.Index(first);

        var blocked = h.GetAsync($"v1/kv/idle?index={index}&wait=10s");
        await h.WaitForBlockedQueriesAsync();
        h.Time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(2)); // 10s + up to 10s/16 jitter

        using var timedOut = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, timedOut.StatusCode);
        Assert.Equal(index, CatalogHarness.Index(timedOut));
    }

    [Fact]
    public async Task BlockingRecurse_WakesOnDeleteUnderPrefix_ButNotOnUnrelatedWrites()
    {
        await using var h = await CatalogHarness.StartAsync();
        await h.PutTextAsync("v1/kv/pre/a", "1");
        await h.PutTextAsync("v1/kv/pre/b", "1");
        using var first = await h.GetAsync("v1/kv/pre/?recurse");
        var index = CatalogHarness.Index(first);

        var blocked = h.GetAsync($"v1/kv/pre/?recurse&index={index}&wait=1m");
        await h.WaitForBlockedQueriesAsync();
        await h.PutTextAsync("v1/kv/other", "x");
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);

        using var delete = await h.Http.DeleteAsync(new Uri("v1/kv/pre/b", UriKind.Relative));
        using var woken = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(CatalogHarness.Index(woken) > index);
        Assert.Equal(1, (await h.GetJsonAsync("v1/kv/pre/?recurse")).GetArrayLength());
    }

    [Fact]
    public async Task BlockingHealth_WakesOnRegistration()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var first = await h.GetAsync("v1/health/service/web");
        Assert.Equal("[]", await first.Content.ReadAsStringAsync());
        var index = CatalogHarness.Index(first);

        var blocked = h.GetAsync($"v1/health/service/web?index={index}&wait=1m");
        await h.WaitForBlockedQueriesAsync();
        using var register = await h.PutJsonAsync("v1/agent/service/register", """{"Name":"web","Port":8080}""");
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        using var woken = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(CatalogHarness.Index(woken) > index);
        Assert.Contains("\"web\"", await woken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_InvalidWait_Is400()
    {
        await using var h = await CatalogHarness.StartAsync();
        using var response = await h.GetAsync("v1/kv/a?index=1&wait=soon");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
