using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Mesh.Consul.Http;
using Mesh.Consul.Kv;
using Mesh.Consul.Watch;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

public sealed class WatchRestartTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mesh-watch-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Watch_ServerRestartsWithItsDataDirectory_DeliversTheNextChange()
    {
        var server = await DevCatalogFixture.StartServerAsync(dataDirectory: _dataDirectory);
        var port = server.Address.Port;
        await using var watch = new RunningWatch(server.Address);
        Assert.True(await watch.Client.Kv.PutAsync("cfg", Encoding.UTF8.GetBytes("1")));
        var first = await watch.NextAsync();
        Assert.Equal("1", first.Value);

        await server.DisposeAsync();
        server = await DevCatalogFixture.StartServerAsync(port, _dataDirectory);
        try
        {
            Assert.True(await watch.Client.Kv.PutAsync("cfg", Encoding.UTF8.GetBytes("2")));

            var next = await watch.NextAsync();
            Assert.Equal("2", next.Value);
            Assert.True(next.Index > first.Index);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watch_ServerRestartsWithoutPersistence_ResetsTheBackwardsIndexAndDeliversTheNewValue()
    {
        var server = await DevCatalogFixture.StartServerAsync();
        var port = server.Address.Port;
        await using var watch = new RunningWatch(server.Address);
        for (var i = 0; i < 20; i++)
        {
            await watch.Client.Kv.PutAsync($"filler/{i}", Encoding.UTF8.GetBytes("x"));
        }

        Assert.True(await watch.Client.Kv.PutAsync("cfg", Encoding.UTF8.GetBytes("old")));
        var first = await watch.NextAsync();
        Assert.Equal("old", first.Value);

        await server.DisposeAsync();
        server = await DevCatalogFixture.StartServerAsync(port);
        try
        {
            Assert.True(await watch.Client.Kv.PutAsync("cfg", Encoding.UTF8.GetBytes("new")));

            var next = await watch.NextAsync();
            Assert.Equal("new", next.Value);
            Assert.True(next.Index < first.Index, "the fresh server's index should be lower");
            Assert.Contains(0UL, watch.SentIndexes.SkipWhile(i => i == 0));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>A ConsulWatch on key "cfg" running in the background, with short waits and back-offs.</summary>
    private sealed class RunningWatch : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<(string? Value, ulong Index)> _seen = Channel.CreateUnbounded<(string?, ulong)>();
        private readonly ConcurrentQueue<ulong> _sent = new();
        private readonly Task _loop;

        public RunningWatch(Uri address)
        {
            var options = new ConsulClientOptions { Address = address };
            _http = new HttpClient(ConsulHttpHandler.Create(options)) { Timeout = TimeSpan.FromSeconds(20) };
            Client = new ConsulClient(_http, options);
            var watch = new ConsulWatch<KvEntry?>(
                (query, ct) =>
                {
                    _sent.Enqueue(query.Index);
                    return Client.Kv.GetAsync("cfg", query, ct);
                },
                new ConsulWatchOptions { Wait = TimeSpan.FromSeconds(2), MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) });
            _loop = Task.Run(async () =>
            {
                await foreach (var result in watch.WatchAsync(_stop.Token))
                {
                    if (result.Value is { } entry)
                    {
                        _seen.Writer.TryWrite((Encoding.UTF8.GetString(entry.Value ?? []), result.LastIndex));
                    }
                }
            });
        }

        public ConsulClient Client { get; }

        public IReadOnlyList<ulong> SentIndexes => [.. _sent];

        public async Task<(string? Value, ulong Index)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Deadline);
            return await _seen.Reader.ReadAsync(timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _loop);
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
