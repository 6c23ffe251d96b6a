using System.Threading.Tasks.Sources;

namespace Mesh.Proxy.Transport;

/// <summary>
/// One direction (read or write) of an <see cref="EpollSocket"/>: counts the edges epoll reported and lets one caller at
/// a time wait for the next. The socket is registered edge-triggered, so epoll reports an edge each time data (or room to
/// send) arrives, and never again for what was already there. A reader that saw a short read or <c>EAGAIN</c> records the
/// count it read before the call (<see cref="MarkDrained"/>); while the count is unchanged it waits without a system
/// call, and any edge after that recv moves the count. That is how one proxied request costs one <c>recv</c> per side
/// rather than a second one that only says <c>EAGAIN</c>.
/// </summary>
internal sealed class Readiness : IValueTaskSource
{
    /// <summary>The edge count of a new socket: not drained, so its first receive is attempted at once.</summary>
    public const int InitialEdges = 1;

    private ManualResetValueTaskSourceCore<bool> _completion;
    private CancellationTokenRegistration _cancellation;
    private int _edges = InitialEdges;
    private int _drainedAt;
    private int _waiting;
    private volatile bool _closed;
    private volatile bool _hungUp;

    /// <summary>The edge count now; pass it to <see cref="MarkDrained"/> or <see cref="WaitAsync"/> after the call it preceded.</summary>
    public int Snapshot() => Volatile.Read(ref _edges);

    /// <summary>
    /// Whether the socket had nothing more at <paramref name="snapshot"/>. Never true after a hang-up or error: the end of
    /// the stream is reported once, and a short read may have consumed the data that came with it.
    /// </summary>
    public bool IsDrained(int snapshot) => snapshot == _drainedAt && !_hungUp && !_closed;

    /// <summary>Records that a call made at <paramref name="snapshot"/> found nothing more (a short read or <c>EAGAIN</c>).</summary>
    public void MarkDrained(int snapshot) => _drainedAt = snapshot;

    /// <summary>Whether the socket was closed by this process (<see cref="Close"/>).</summary>
    public bool IsClosed => _closed;

    /// <summary>Called by the epoll loop for each edge; wakes the waiter, whose continuation runs on the loop thread.</summary>
    public void Signal(bool hungUp)
    {
        if (hungUp)
        {
            _hungUp = true;
        }

        Interlocked.Increment(ref _edges);
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _completion.SetResult(true);
        }
    }

    /// <summary>Wakes the waiter for good: the socket is being closed.</summary>
    public void Close()
    {
        _closed = true;
        Signal(hungUp: false);
    }

    /// <summary>Completes when an edge newer than <paramref name="snapshot"/> arrives, or the socket is closed.</summary>
    public ValueTask WaitAsync(int snapshot, CancellationToken cancellationToken)
    {
        _completion.Reset();

        // Full fences on both sides (here and in Signal) so that either this re-check sees the new edge or Signal sees
        // the waiter.
        Interlocked.Exchange(ref _waiting, 1);
        if (Volatile.Read(ref _edges) != snapshot || _closed)
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                return ValueTask.CompletedTask;
            }
        }
        else if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Readiness)state!).Cancel(token), this);
        }

        return new ValueTask(this, _completion.Version);
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _completion.SetException(new OperationCanceledException(token));
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        var cancellation = _cancellation;
        _cancellation = default;
        cancellation.Dispose();
        _completion.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
