using System.Text;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Consul.Txn;
using Mesh.Consul.Watch;
using Mesh.Controller.Metrics;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;
using Mesh.Snapshots;
using Mesh.Snapshots.Serialization;

namespace Mesh.Controller.Compilation;

/// <summary>
/// The leader's loop: watches the manifest and the catalog with blocking queries, and on every change compiles
/// desired state plus catalog into <c>mesh/compiled/&lt;host&gt;</c>, deletes snapshots of hosts that are gone and
/// reports each resource under <c>mesh/status/resources/</c>.
/// </summary>
internal sealed partial class CompileLoop(
    ConsulClient consul,
    DesiredStateStore store,
    ISnapshotCompiler compiler,
    ControllerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<CompileLoop> logger)
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ulong _catalogIndex;
    private bool _catalogRead;
    private IReadOnlyDictionary<string, string[]> _services = new Dictionary<string, string[]>();

    /// <summary>The pause before a failed compile or a failed watch is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The blocking-query settings (tests shorten the wait).</summary>
    public ConsulWatchOptions WatchOptions { get; init; } = new();

    /// <summary>Runs until cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var manifestWatch = new ConsulWatch<KvEntry?>((q, ct) => consul.Kv.GetAsync(KvKeys.Manifest, q, ct), WatchOptions, timeProvider, logger);
        var catalogWatch = new ConsulWatch<IReadOnlyDictionary<string, string[]>>((q, ct) => consul.Catalog.ServicesAsync(q, ct), WatchOptions, timeProvider, logger);
        var pumps = new[]
        {
            PumpAsync(manifestWatch, _ => { }, stop.Token),
            PumpAsync(catalogWatch, r => { Volatile.Write(ref _services, r.Value); Interlocked.Exchange(ref _catalogIndex, r.LastIndex); Volatile.Write(ref _catalogRead, true); }, stop.Token),
        };
        try
        {
            await foreach (var unused in _changes.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await CompileOnceAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // Consul unreachable, a response cut short, a timeout: whatever it was, the leader must not stop
                    // compiling while it keeps the lock, so it tries again.
                    LogCompileFailed(logger, e);
                    await Task.Delay(RetryDelay, timeProvider, stop.Token).ConfigureAwait(false);
                    _changes.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutting down.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    /// <summary>Compiles the current desired state and catalog once and writes the results.</summary>
    public async Task CompileOnceAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        if (!Volatile.Read(ref _catalogRead))
        {
            // The catalog watch has not answered yet: compiling with no services would delete every snapshot (a new
            // leader would wipe what the old one wrote), so read the catalog now.
            var services = await consul.Catalog.ServicesAsync(null, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _services, services.Value);
            Interlocked.Exchange(ref _catalogIndex, services.LastIndex);
        }

        var desired = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var catalogIndex = Interlocked.Read(ref _catalogIndex);
        var catalog = await new CatalogReader(consul).ReadAsync(catalogIndex, Volatile.Read(ref _services), cancellationToken).ConfigureAwait(false);
        var resources = desired.Resources.Select(r => new DesiredResource(r.Kind, r.Name, r.CanonicalJson, r.Hcl)).ToList();
        var version = string.Create(CultureInfo.InvariantCulture, $"{desired.Generation}.{catalogIndex}");
        var now = timeProvider.GetUtcNow();
        var ops = new List<TxnOp>();
        IReadOnlyList<ProxySnapshot> snapshots;
        IReadOnlyList<DiagnosticDto> findings = [];
        try
        {
            snapshots = compiler.Compile(resources, catalog);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad rule (or a compiler fault) never empties route tables: keep the last snapshots, report why.
            LogCompileFailed(logger, e);
            snapshots = [];
            findings = [new DiagnosticDto("error", "Compilation failed", e.Message, null, null, null)];
        }

        var accepted = findings.Count == 0;
        int written = 0, deleted = 0, unchanged = 0;
        if (accepted)
        {
            var hosts = new HashSet<string>(StringComparer.Ordinal);
            var existing = (await consul.Kv.ListAsync(KvKeys.CompiledPrefix, null, cancellationToken).ConfigureAwait(false)).Value;
            var current = existing.ToDictionary(e => e.Key[KvKeys.CompiledPrefix.Length..], e => e.Value, StringComparer.Ordinal);
            foreach (var snapshot in snapshots)
            {
                hosts.Add(snapshot.Host);
                if (current.TryGetValue(snapshot.Host, out var stored) && SameContent(stored, snapshot))
                {
                    // Unchanged: agents keep the snapshot they have instead of reloading it under a new version.
                    unchanged++;
                    continue;
                }

                ops.Add(TxnOp.Set(KvKeys.Compiled(snapshot.Host), SnapshotSerializer.Serialize(snapshot with { Version = version, GeneratedAt = now })));
                written++;
            }

            var gone = existing.Select(e => e.Key).Where(k => !hosts.Contains(k[KvKeys.CompiledPrefix.Length..])).ToList();
            deleted = gone.Count;
            ops.AddRange(gone.Select(TxnOp.Delete));
        }

        var statusKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in desired.Resources)
        {
            var key = KvKeys.ResourceStatus(resource.Kind, resource.Name);
            statusKeys.Add(key);
            var status = new ResourceStatusDto(resource.Kind, resource.Name, accepted, findings, desired.Generation);
            ops.Add(TxnOp.Set(key, JsonSerializer.SerializeToUtf8Bytes(status, StorageJsonContext.Default.ResourceStatusDto)));
        }

        var existingStatus = await consul.Kv.KeysAsync(KvKeys.ResourceStatusPrefix, null, null, cancellationToken).ConfigureAwait(false);
        ops.AddRange(existingStatus.Value.Where(k => !statusKeys.Contains(k)).Select(TxnOp.Delete));
        foreach (var chunk in ops.Chunk(TxnClient.MaxOperations))
        {
            var result = await consul.Txn.ExecuteAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (!result.Committed)
            {
                throw new InvalidOperationException($"Consul refused the compiled snapshots: {string.Join("; ", result.Errors.Select(e => e.What))}");
            }
        }

        metrics.RecordSnapshotWrites(written, deleted, unchanged);
        metrics.RecordCompile(timeProvider.GetElapsedTime(started), accepted);
        if (written + deleted > 0)
        {
            LogCompiled(logger, version, snapshots.Count, written, deleted, unchanged);
        }
        else
        {
            LogCompiledUnchanged(logger, snapshots.Count);
        }
    }

    // The watch retries Consul's transient errors itself; anything else ends its enumeration, and a pump that stayed
    // down would leave the leader compiling a stale catalog or manifest for as long as it leads: start it again.
    private async Task PumpAsync<T>(ConsulWatch<T> watch, Action<Mesh.Consul.QueryResult<T>> record, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var result in watch.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    record(result);
                    _changes.Writer.TryWrite(true);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(logger, e);
                try
                {
                    await Task.Delay(RetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Snapshots are compared without their version and time stamp: the compiler's output is deterministic, so equal
    // JSON means equal routing.
    private static bool SameContent(byte[]? stored, ProxySnapshot compiled)
    {
        if (stored is not { Length: > 0 })
        {
            return false;
        }

        try
        {
            var old = SnapshotSerializer.Deserialize(stored);
            return string.Equals(
                Encoding.UTF8.GetString(SnapshotSerializer.Serialize(old with { Version = "", GeneratedAt = default })),
                Encoding.UTF8.GetString(SnapshotSerializer.Serialize(compiled with { Version = "", GeneratedAt = default })),
                StringComparison.Ordinal);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled snapshot version {Version} for {Hosts} hosts: {Written} written, {Deleted} deleted, {Unchanged} unchanged")]
    private static partial void LogCompiled(ILogger logger, string version, int hosts, int written, int deleted, int unchanged);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compiled {Hosts} hosts; no snapshot changed")]
    private static partial void LogCompiledUnchanged(ILogger logger, int hosts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compilation failed; the last snapshots keep serving")]
    private static partial void LogCompileFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Consul watch of the compile loop failed; restarting it")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
