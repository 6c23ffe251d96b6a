namespace Mesh.DevCatalog.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devcatalog-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_WithDataDirectory_KeepsKvSessionsAndIndex()
    {
        string session;
        ulong index;
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            session = await h.CreateSessionAsync("""{"TTL":"30s"}""");
            await h.PutTextAsync("v1/kv/kept", "value");
            await h.PutTextAsync($"v1/kv/locked?acquire={session}", "x");
            index = h.Server.Store.Index;
        }

        Assert.False(File.Exists(Path.Combine(_directory, "devcatalog-state.json.tmp")));
        await using (var h = await CatalogHarness.StartAsync(_directory))
        {
            Assert.Equal(Convert.ToBase64String("value"u8.ToArray()), (await h.GetEntryAsync("kept")).GetProperty("Value").GetString());
            Assert.Equal(session, (await h.GetEntryAsync("locked")).GetProperty("Session").GetString());
            Assert.Equal(1, (await h.GetJsonAsync($"v1/session/info/{session}")).GetArrayLength());
            Assert.Equal(index, h.Server.Store.Index);
            await h.PutTextAsync("v1/kv/new", "n");
            Assert.True((await h.GetEntryAsync("new")).GetProperty("ModifyIndex").GetUInt64() > index);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
