using System.Collections.Concurrent;
using System.Text.Json;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Consul.Watch;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Snapshots;

/// <summary>
/// Watches <c>mesh/compiled/&lt;host&gt;</c> for every host a local service uses (its upstreams and itself) with
/// blocking queries. A snapshot that does not parse, names another host, does not compile or fails a check its users
/// added (<see cref="AddCheck"/>: a client certificate Vault refuses) is rejected for that host alone and the last good
/// one keeps serving. Good snapshots are kept on disk and loaded at start, so a
/// restart while Consul is down serves what was last applied. A host without a compiled snapshot gets
/// <see cref="DefaultSnapshot"/>. Hosts a sidecar reaches outside its upstreams are leased (<see cref="Lease"/>) and
/// stop being watched when the last lease is released, unless something tracks them for good.
/// </summary>
internal sealed partial class SnapshotManager : IAsyncDisposable
{
    internal const string Category = "snapshots";
    internal const string KeyPrefix = "mesh/compiled/";

    private readonly ConsulClient _consul;
    private readonly LastKnownGoodStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConsulWatchOptions _watchOptions;
    private readonly ConcurrentDictionary<string, HostSnapshotState> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostWatch> _watches = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _tracking = new();
    private readonly HashSet<string> _pinned = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _leases = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _checksLock = new();
    private Func<ProxySnapshot, CancellationToken, Task>[] _checks = [];

    public SnapshotManager(ConsulClient consul, LastKnownGoodStore store, TimeProvider time, ILogger logger, ConsulWatchOptions watchOptions)
    {
        _consul = consul;
        _store = store;
        _time = time;
        _logger = logger;
        _watchOptions = watchOptions;
    }

    /// <summary>Raised with the host after what it serves or its rejection changed.</summary>
    public event Action<string>? Changed;

    /// <summary>The state of a tracked host.</summary>
    public HostSnapshotState? Get(string host) => _states.TryGetValue(host, out var state) ? state : null;

    /// <summary>Every tracked host's state.</summary>
    public IReadOnlyCollection<HostSnapshotState> All => [.. _states.Values.OrderBy(s => s.Host, StringComparer.Ordinal)];

    /// <summary>Starts watching a host for good (idempotent): the saved snapshot, or the default one, serves until Consul answers.</summary>
    public void Track(string host)
    {
        lock (_tracking)
        {
            _pinned.Add(host);
            Watch(host);
        }
    }

    /// <summary>
    /// Starts watching a host for good, then waits (at most <paramref name="wait"/>) until Consul answered for it once: its
    /// snapshot applied, rejected or found absent. A host reached for the first time is then served with its rules, not the default.
    /// </summary>
    public Task TrackAsync(string host, TimeSpan wait, CancellationToken cancellationToken)
    {
        Track(host);
        return WaitForAnswerAsync(host, wait, cancellationToken);
    }

    /// <summary>Watches a host until as many <see cref="Release"/> calls as leases (and no <see cref="Track"/>) say it is no longer used.</summary>
    public void Lease(string host)
    {
        lock (_tracking)
        {
            _leases[host] = _leases.GetValueOrDefault(host) + 1;
            Watch(host);
        }
    }

    /// <summary>Releases one lease of <see cref="Lease"/>; the last one stops the watch and forgets the host's state.</summary>
    public void Release(string host)
    {
        HostWatch? stopped;
        lock (_tracking)
        {
            if (!_leases.TryGetValue(host, out var count))
            {
                return;
            }

            if (count > 1)
            {
                _leases[host] = count - 1;
                return;
            }

            _leases.Remove(host);
            if (_pinned.Contains(host) || !_watches.TryRemove(host, out stopped))
            {
                return;
            }

            _states.TryRemove(host, out _);
            stopped.Stop.Cancel();
        }

        _ = stopped.Task.ContinueWith(_ => stopped.Stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits (at most <paramref name="wait"/>) until Consul answered once for a watched host; returns at once for a host
    /// not watched. On timeout (Consul slow or down) the saved or default snapshot serves until it answers.
    /// </summary>
    public async Task WaitForAnswerAsync(string host, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!_watches.TryGetValue(host, out var watch))
        {
            return;
        }

        try
        {
            await watch.Answered.Task.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Starts the watch of a host unless it runs; called under <see cref="_tracking"/>.</summary>
    private void Watch(string host)
    {
        if (_watches.ContainsKey(host))
        {
            return;
        }

        var watch = new HostWatch(host, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _states[host] = LoadSaved(host);
        _watches[host] = watch;
        watch.Task = Task.Run(() => WatchAsync(watch));
    }

    /// <summary>
    /// Adds a check that every snapshot from Consul must pass before it serves, after the checks of <see cref="Load"/>
    /// (which need no I/O): it throws <see cref="InvalidDataException"/> with the reason to reject the snapshot.
    /// </summary>
    public void AddCheck(Func<ProxySnapshot, CancellationToken, Task> check)
    {
        lock (_checksLock)
        {
            _checks = [.. _checks, check];
        }
    }

    /// <summary>Removes a check added by <see cref="AddCheck"/>.</summary>
    public void RemoveCheck(Func<ProxySnapshot, CancellationToken, Task> check)
    {
        lock (_checksLock)
        {
            _checks = [.. _checks.Where(c => c != check)];
        }
    }

    /// <summary>
    /// Loads a snapshot document for <paramref name="host"/>; throws with the reason when it cannot serve.
    /// </summary>
    internal static ProxySnapshot Load(string host, ReadOnlySpan<byte> document)
    {
        var snapshot = SnapshotSerializer.Deserialize(document);
        if (!string.Equals(snapshot.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The snapshot stored for \"{host}\" is for host \"{snapshot.Host}\".");
        }

        if (string.IsNullOrEmpty(snapshot.Version))
        {
            throw new InvalidDataException("The snapshot has no version.");
        }

        RouteTable.Validate(snapshot);
        Endpoints.ClientTlsFiles.Validate(snapshot);
        return snapshot;
    }

    private HostSnapshotState LoadSaved(string host)
    {
        if (_store.Load(Category, host) is { } saved)
        {
            try
            {
                return new HostSnapshotState(host, Load(host, saved), "saved", null);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException)
            {
                LogSavedUnreadable(_logger, host, e.Message);
            }
        }

        return new HostSnapshotState(host, DefaultSnapshot.For(host), HostSnapshotState.DefaultOrigin, null);
    }

    private async Task WatchAsync(HostWatch watch)
    {
        var key = KeyPrefix + watch.Host;
        var consulWatch = new ConsulWatch<KvEntry?>((q, ct) => _consul.Kv.GetAsync(key, q, ct), _watchOptions, _time, _logger);
        try
        {
            await foreach (var result in consulWatch.WatchAsync(watch.Stop.Token).ConfigureAwait(false))
            {
                await ApplyAsync(watch, result.Value?.Value).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (watch.Stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Applies one document read from Consul (null: no compiled snapshot), unless the host was released meanwhile.</summary>
    private async Task ApplyAsync(HostWatch watch, byte[]? document)
    {
        var host = watch.Host;
        if (!_states.TryGetValue(host, out var previous))
        {
            return;
        }

        HostSnapshotState next;
        if (document is null || document.Length == 0)
        {
            next = new HostSnapshotState(host, DefaultSnapshot.For(host), HostSnapshotState.DefaultOrigin, null);
            _store.Delete(Category, host);
        }
        else
        {
            try
            {
                var snapshot = Load(host, document);
                foreach (var check in Volatile.Read(ref _checks))
                {
                    await check(snapshot, watch.Stop.Token).ConfigureAwait(false);
                }

                next = new HostSnapshotState(host, snapshot, "consul", null);
                _store.Save(Category, host, document);
                LogApplied(_logger, host, snapshot.Version);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException or NotSupportedException or FormatException)
            {
                var reason = e.Message;
                next = previous with { RejectedError = reason, RejectedVersion = ReadVersion(document) };
                LogRejected(_logger, host, reason);
            }
        }

        lock (_tracking)
        {
            if (watch.Stop.IsCancellationRequested)
            {
                return;
            }

            _states[host] = next;
        }

        Changed?.Invoke(host);
        watch.Answered.TrySetResult();
    }

    /// <summary>The <c>version</c> a refused document names, when it is JSON enough to name one.</summary>
    private static string? ReadVersion(byte[] document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("version", out var version)
                && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var watches = _watches.Values.ToList();
        try
        {
            await Task.WhenAll(watches.Select(w => w.Task)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var watch in watches)
        {
            watch.Stop.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>The watch of one host: stopped by its own token (a released lease) or the manager's.</summary>
    private sealed class HostWatch(string host, CancellationTokenSource stop)
    {
        public string Host => host;

        public CancellationTokenSource Stop => stop;

        /// <summary>Completed once Consul answered for the host.</summary>
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied snapshot {Version} for {Host}")]
    private static partial void LogApplied(ILogger logger, string host, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected the snapshot for {Host}, the last good one keeps serving: {Reason}")]
    private static partial void LogRejected(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved snapshot of {Host} is unreadable: {Error}")]
    private static partial void LogSavedUnreadable(ILogger logger, string host, string error);
}
