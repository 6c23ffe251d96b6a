using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog;

/// <summary>
/// All state of the development catalog: KV, sessions, services and checks, with one raft-like index that starts at 1
/// and moves on every write that changes something. Everything is guarded by one lock; readers block on a change
/// signal that is swapped on every commit. No HTTP in here: the endpoints in <c>Hosting</c> translate.
/// </summary>
internal sealed partial class CatalogStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly string? _statePath;
    private readonly KeyedTimers _sessionTimers;
    private readonly KeyedTimers _checkTimers;
    private TaskCompletionSource _changed = NewSignal();
    private ulong _index = 1;
    private bool _pending;
    private bool _persistPending;
    private int _blockedQueries;

    /// <summary>Creates the store, loading its state from <paramref name="dataDirectory"/> when given.</summary>
    public CatalogStore(TimeProvider time, string nodeName, string datacenter, string? dataDirectory)
    {
        _time = time;
        NodeName = nodeName;
        Datacenter = datacenter;
        _sessionTimers = new KeyedTimers(time, _gate);
        _checkTimers = new KeyedTimers(time, _gate);
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            _statePath = Path.Combine(dataDirectory, "devcatalog-state.json");
            lock (_gate)
            {
                Load();
            }
        }

        InitCatalog();
    }

    /// <summary>The single node's name.</summary>
    public string NodeName { get; }

    /// <summary>The datacenter name.</summary>
    public string Datacenter { get; }

    /// <summary>The clock every timer uses.</summary>
    public TimeProvider Time => _time;

    /// <summary>The current raft-like index.</summary>
    public ulong Index
    {
        get
        {
            lock (_gate)
            {
                return _index;
            }
        }
    }

    /// <summary>How many blocking queries are waiting right now (tests use this to know a query is parked).</summary>
    public int BlockedQueries => Volatile.Read(ref _blockedQueries);

    /// <summary>
    /// Answers <paramref name="read"/> at once when <paramref name="minIndex"/> is 0, otherwise holds until the index
    /// <paramref name="read"/> reports moves past <paramref name="minIndex"/> or <paramref name="wait"/> elapses
    /// (on the store's clock), then answers with the current data.
    /// </summary>
    public async Task<QueryResult<T>> QueryAsync<T>(ulong minIndex, TimeSpan wait, Func<QueryResult<T>> read, CancellationToken cancellationToken)
    {
        var first = Read(read, out var changed);
        if (minIndex == 0 || first.Index > minIndex || wait <= TimeSpan.Zero)
        {
            return first;
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(wait, _time, timeoutCts.Token);
        Interlocked.Increment(ref _blockedQueries);
        try
        {
            while (true)
            {
                var done = await Task.WhenAny(changed, timeout).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var result = Read(read, out changed);
                if (done == timeout || result.Index > minIndex)
                {
                    return result;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _blockedQueries);
            await timeoutCts.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs a read under the lock.</summary>
    public QueryResult<T> Read<T>(Func<QueryResult<T>> read) => Read(read, out _);

    /// <inheritdoc />
    public void Dispose()
    {
        _sessionTimers.Dispose();
        _checkTimers.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static ulong AtLeastOne(ulong index) => index == 0 ? 1 : index;

    private QueryResult<T> Read<T>(Func<QueryResult<T>> read, out Task changed)
    {
        lock (_gate)
        {
            changed = _changed.Task;
            var result = read();
            return result with { Index = AtLeastOne(result.Index) };
        }
    }

    /// <summary>Runs a write under the lock at the next index; commits (index, signal, persistence) only if it changed something.</summary>
    private T Write<T>(Func<ulong, T> operation)
    {
        lock (_gate)
        {
            var idx = _index + 1;
            _pending = false;
            _persistPending = false;
            var result = operation(idx);
            if (_pending)
            {
                Commit(idx);
            }

            return result;
        }
    }

    private void Commit(ulong idx)
    {
        _index = idx;
        _pending = false;
        if (_persistPending)
        {
            Save();
            _persistPending = false;
        }

        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    /// <summary>Marks the write in progress as a change to persisted state (KV, sessions, catalog).</summary>
    private void MarkPersistent()
    {
        _pending = true;
        _persistPending = _statePath is not null;
    }
}
