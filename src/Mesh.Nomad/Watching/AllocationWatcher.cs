using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Mesh.Nomad.Client;
using Mesh.Nomad.Generated;
using Microsoft.Extensions.Logging;

namespace Mesh.Nomad.Watching;

/// <summary>
/// Follows one Nomad node's allocations with blocking queries and reports the tasks that opt into the mesh:
/// new or changed ones as <see cref="MeshedTaskChangeKind.Upserted"/>, stopped or vanished ones as
/// <see cref="MeshedTaskChangeKind.Removed"/>.
/// </summary>
/// <remarks>
/// Follows the documented rules for blocking queries: a wake-up is not a change (the full list is diffed
/// each time), an index lower than the one sent resets to a full read, errors back off exponentially.
/// </remarks>
public sealed class AllocationWatcher
{
    private readonly NomadClient _client;
    private readonly AllocationWatcherOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, MeshedTask> _known = new(StringComparer.Ordinal);
    private HashSet<string> _reportedProblems = new(StringComparer.Ordinal);
    private IReadOnlyCollection<MeshedTask> _current = [];
    private ulong _index;

    /// <summary>Creates a watcher.</summary>
    /// <param name="client">The Nomad client; its namespace option limits what is meshed.</param>
    /// <param name="options">The node, the wait and the back-off.</param>
    /// <param name="timeProvider">The clock for back-off delays.</param>
    /// <param name="logger">Where failures and changes are logged.</param>
    public AllocationWatcher(NomadClient client, AllocationWatcherOptions options, TimeProvider timeProvider, ILogger<AllocationWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The meshed tasks as of the last answer (a snapshot, safe to read from any thread).</summary>
    public IReadOnlyCollection<MeshedTask> Current => Volatile.Read(ref _current);

    /// <summary>
    /// Watches until <paramref name="cancellationToken"/> is cancelled. Enumerate it once: the watcher keeps
    /// the state it diffs against.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch (the enumeration then simply ends).</param>
    /// <returns>The changes, in the order they were observed.</returns>
    public async IAsyncEnumerable<MeshedTaskChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = 0;
        var nodeId = _options.NodeId;
        while (nodeId is null && !cancellationToken.IsCancellationRequested)
        {
            (nodeId, var error) = await TryAsync(() => _client.GetLocalNodeIdAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            failures = nodeId is null ? await BackOffAsync(failures, error, cancellationToken).ConfigureAwait(false) : 0;
        }

        if (nodeId is null)
        {
            yield break;
        }

        AllocationWatcherLog.Watching(_logger, nodeId);
        var changes = new List<MeshedTaskChange>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = _index;
            var (result, error) = await TryAsync(() => QueryAsync(nodeId, sent, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                failures = await BackOffAsync(failures, error, cancellationToken).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            if (!result.KnownLeader)
            {
                AllocationWatcherLog.NoLeader(_logger);
            }

            if (result.Index < sent)
            {
                // The state was restored or the server restarted: the index means nothing any more.
                AllocationWatcherLog.IndexReset(_logger, sent, result.Index);
                _index = 0;
            }
            else
            {
                // An index of 0 would never block; Nomad's indexes start at 1.
                _index = Math.Max(result.Index, 1);
            }

            changes.Clear();
            Diff(result.Value, changes);
            if (changes.Count > 0)
            {
                Volatile.Write(ref _current, [.. _known.Values]);
            }

            foreach (var change in changes)
            {
                AllocationWatcherLog.Changed(_logger, change.Kind, change.Task);
                yield return change;
            }
        }
    }

    private async Task<NomadQueryResult<ICollection<Allocation>>> QueryAsync(string nodeId, ulong index, CancellationToken cancellationToken)
    {
        // Nomad may hold the request for wait + wait/16; allow a margin on top before calling it dead.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.BlockingWait + (_options.BlockingWait / 16) + TimeSpan.FromSeconds(10));
        return await _client.GetNodeAllocationsAsync(nodeId, index, _options.BlockingWait, deadline.Token).ConfigureAwait(false);
    }

    private void Diff(ICollection<Allocation> allocations, List<MeshedTaskChange> changes)
    {
        var desired = new List<MeshedTask>();
        var problems = new List<string>();
        var wantedNamespace = _client.Options.Namespace;
        foreach (var allocation in allocations)
        {
            var allocationNamespace = string.IsNullOrEmpty(allocation.Namespace) ? "default" : allocation.Namespace;
            if (wantedNamespace is not null and not "*" && wantedNamespace != allocationNamespace)
            {
                continue;
            }

            if (MeshedTaskResolver.IsLive(allocation))
            {
                MeshedTaskResolver.Resolve(allocation, desired, problems);
            }
        }

        // Each wake-up re-reads everything: report a problem when it appears, not on every read.
        var stillReported = new HashSet<string>(problems, StringComparer.Ordinal);
        foreach (var problem in stillReported)
        {
            if (!_reportedProblems.Contains(problem))
            {
                AllocationWatcherLog.NotMeshed(_logger, problem);
            }
        }

        _reportedProblems = stillReported;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in desired)
        {
            if (!seen.Add(task.Key))
            {
                continue;
            }

            if (!_known.TryGetValue(task.Key, out var previous) || !previous.SameAs(task))
            {
                _known[task.Key] = task;
                changes.Add(new MeshedTaskChange(MeshedTaskChangeKind.Upserted, task));
            }
        }

        foreach (var key in _known.Keys.ToList())
        {
            if (!seen.Contains(key) && _known.Remove(key, out var gone))
            {
                changes.Add(new MeshedTaskChange(MeshedTaskChangeKind.Removed, gone));
            }
        }
    }

    private static async Task<(T? Value, Exception? Error)> TryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await call().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or NomadApiException or JsonException
            or SocketException or IOException or InvalidOperationException or OperationCanceledException)
        {
            // OperationCanceledException here is our own deadline: the server held the request too long.
            return (null, exception);
        }
    }

    private async Task<int> BackOffAsync(int failures, Exception? error, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || error is null)
        {
            return failures;
        }

        var delay = _options.ErrorBackoffInitial * Math.Pow(2, Math.Min(failures, 16));
        if (delay > _options.ErrorBackoffMax)
        {
            delay = _options.ErrorBackoffMax;
        }

        AllocationWatcherLog.QueryFailed(_logger, error, failures + 1, delay);
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting: the loop ends.
        }

        return failures + 1;
    }
}
