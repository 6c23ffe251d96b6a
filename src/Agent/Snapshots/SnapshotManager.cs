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
/// blocking queries. A snapshot that does not parse, names another host or does not compile is rejected for that
/// host alone and the last good one keeps serving. Good snapshots are kept on disk and loaded at start, so a
/// restart while Consul is down serves what was last applied. A host without a compiled snapshot gets
/// <see cref="DefaultSnapshot"/>.
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
    private readonly ConcurrentDictionary<string, Task> _watches = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();

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

    /// <summary>Starts watching a host (idempotent): the saved snapshot, or the default one, serves until Consul answers.</summary>
    public void Track(string host)
    {
        _watches.GetOrAdd(host, h =>
        {
            _states[h] = LoadSaved(h);
            return Task.Run(() => WatchAsync(h, _stopping.Token));
        });
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

        return new HostSnapshotState(host, DefaultSnapshot.For(host), "default", null);
    }

    private async Task WatchAsync(string host, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + host;
        var watch = new ConsulWatch<KvEntry?>((q, ct) => _consul.Kv.GetAsync(key, q, ct), _watchOptions, _time, _logger);
        try
        {
            await foreach (var result in watch.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                Apply(host, result.Value?.Value);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Applies one document read from Consul (null: no compiled snapshot).</summary>
    internal void Apply(string host, byte[]? document)
    {
        var previous = _states[host];
        HostSnapshotState next;
        if (document is null || document.Length == 0)
        {
            next = new HostSnapshotState(host, DefaultSnapshot.For(host), "default", null);
            _store.Delete(Category, host);
        }
        else
        {
            try
            {
                var snapshot = Load(host, document);
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

        _states[host] = next;
        Changed?.Invoke(host);
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
        try
        {
            await Task.WhenAll(_watches.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied snapshot {Version} for {Host}")]
    private static partial void LogApplied(ILogger logger, string host, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected the snapshot for {Host}, the last good one keeps serving: {Reason}")]
    private static partial void LogRejected(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved snapshot of {Host} is unreadable: {Error}")]
    private static partial void LogSavedUnreadable(ILogger logger, string host, string error);
}
