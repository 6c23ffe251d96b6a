using System.Threading.Channels;
using Mesh.Nomad.Client;
using Mesh.Nomad.Watching;
using Mesh.TestDoubles.Nomad;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Nomad.Tests.Watching;

/// <summary>Runs an <see cref="AllocationWatcher"/> against a double and hands its changes to the test one by one.</summary>
internal sealed class WatchedChanges : IAsyncDisposable
{
    private static readonly TimeSpan PatienceForAChange = TimeSpan.FromSeconds(15);

    private readonly Channel<MeshedTaskChange> _changes = Channel.CreateUnbounded<MeshedTaskChange>();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _pump;

    private WatchedChanges(NomadClientOptions clientOptions, AllocationWatcherOptions watcherOptions)
    {
        _http = NomadClient.CreateHttpClient(clientOptions);
        Watcher = new AllocationWatcher(new NomadClient(_http, clientOptions), watcherOptions, TimeProvider.System, NullLogger<AllocationWatcher>.Instance);
        _pump = PumpAsync();
    }

    public AllocationWatcher Watcher { get; }

    public static WatchedChanges Start(NomadDouble nomad, string? token = NomadFixture.Token, string? @namespace = null, TimeSpan? wait = null, string? nodeId = null) =>
        Start(nomad.Address, token, @namespace, wait, nodeId);

    public static WatchedChanges Start(Uri address, string? token = NomadFixture.Token, string? @namespace = null, TimeSpan? wait = null, string? nodeId = null) =>
        new(
            new NomadClientOptions { Address = address, Token = token, Namespace = @namespace },
            new AllocationWatcherOptions
            {
                NodeId = nodeId,
                BlockingWait = wait ?? TimeSpan.FromSeconds(30),
                ErrorBackoffInitial = TimeSpan.FromMilliseconds(50),
                ErrorBackoffMax = TimeSpan.FromMilliseconds(200),
            });

    public async Task<MeshedTaskChange> NextAsync()
    {
        using var timeout = new CancellationTokenSource(PatienceForAChange);
        try
        {
            return await _changes.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The watcher reported no change within {PatienceForAChange}.");
        }
    }

    /// <summary>True when no change is waiting (everything observed so far has been read).</summary>
    public bool IsDrained => _changes.Reader.Count == 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        await foreach (var change in Watcher.WatchAsync(_stop.Token))
        {
            await _changes.Writer.WriteAsync(change);
        }

        _changes.Writer.Complete();
    }
}
