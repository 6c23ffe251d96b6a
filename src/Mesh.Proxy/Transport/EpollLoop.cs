using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mesh.Proxy.Transport;

/// <summary>
/// A thread waiting in <c>epoll_wait</c> for the sockets registered with it, edge-triggered, and signalling their
/// <see cref="Readiness"/>. Whoever waited continues on this thread: the connections of the loop are read, served and
/// answered here, and their sends wait for the end of the batch (<see cref="TryDefer"/>). The loops are process-wide,
/// like the runtime's socket engine: one per CPU the process may use, up to <see cref="MaxLoops"/>, each connection on
/// one loop for its whole life.
/// </summary>
internal sealed unsafe class EpollLoop
{
    private const int MaxLoops = 16;
    private const int MaxEventsPerWait = 256;
    private const uint Interest = LibC.EPOLLIN | LibC.EPOLLOUT | LibC.EPOLLRDHUP | LibC.EPOLLET;
    private const uint ReadEvents = LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLHUP | LibC.EPOLLERR;
    private const uint WriteEvents = LibC.EPOLLOUT | LibC.EPOLLHUP | LibC.EPOLLERR;
    private const uint HangUpEvents = LibC.EPOLLRDHUP | LibC.EPOLLHUP | LibC.EPOLLERR;

    private static readonly Lazy<EpollLoop[]> s_loops = new(StartLoops);
    private static int s_nextLoop;

    [ThreadStatic]
    private static EpollLoop? t_current;

    // Work to run after the current batch of events: touched only by the loop's thread.
    private readonly List<(Action<object?> Action, object? State)> _deferred = [];

    private readonly int _epoll;
    private readonly Lock _registrationGate = new();
    private readonly Stack<int> _freeSlots = new();
    private EpollSocket?[] _sockets = new EpollSocket?[64];
    private int _slotsInUse;
    private uint _generation;

    private EpollLoop(int index)
    {
        _epoll = LibC.EpollCreate(LibC.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new SocketException((int)LibC.ToSocketError(LibC.LastError));
        }

        var thread = new Thread(Run) { IsBackground = true, Name = $"mesh-epoll-{index}" };
        thread.UnsafeStart();
    }

    /// <summary>The loop a new connection joins: the loops take connections in turn.</summary>
    public static EpollLoop Next()
    {
        var loops = s_loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref s_nextLoop) % (uint)loops.Length)];
    }

    /// <summary>
    /// On a loop's thread, queues <paramref name="action"/> to run once every event of the current batch was handled,
    /// and returns true; elsewhere returns false.
    /// </summary>
    public static bool TryDefer(Action<object?> action, object? state)
    {
        if (t_current is not { } loop)
        {
            return false;
        }

        loop._deferred.Add((action, state));
        return true;
    }

    /// <summary>Whether the calling thread is a loop's.</summary>
    public static bool OnLoopThread => t_current is not null;

    /// <summary>An awaitable that resumes after the current batch of events on a loop's thread, at once elsewhere.</summary>
    public static AfterBatchAwaitable AfterBatch() => default;

    /// <summary>The awaitable of <see cref="AfterBatch"/>.</summary>
    public readonly struct AfterBatchAwaitable : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        public bool IsCompleted => t_current is null;

        public AfterBatchAwaitable GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation)
        {
            var context = ExecutionContext.Capture();
            UnsafeOnCompleted(context is null ? continuation : () => ExecutionContext.Run(context, static state => ((Action)state!)(), continuation));
        }

        public void UnsafeOnCompleted(Action continuation)
        {
            if (!TryDefer(static state => ((Action)state!)(), continuation))
            {
                continuation();
            }
        }
    }

    /// <summary>Adds <paramref name="socket"/>'s descriptor to this loop and gives the socket the token its events carry.</summary>
    public void Register(EpollSocket socket, int fd)
    {
        ulong token;
        lock (_registrationGate)
        {
            if (!_freeSlots.TryPop(out var slot))
            {
                slot = _slotsInUse++;
                if (slot == _sockets.Length)
                {
                    var grown = new EpollSocket?[_sockets.Length * 2];
                    Array.Copy(_sockets, grown, _sockets.Length);
                    Volatile.Write(ref _sockets, grown);
                }
            }

            // The generation tells an event fetched for a socket since unregistered from the socket now in its slot.
            token = ((ulong)++_generation << 32) | (uint)slot;
            socket.Token = token;
            Volatile.Write(ref _sockets[slot], socket);
        }

        if (LibC.EpollAdd(_epoll, fd, Interest, token) != 0)
        {
            var error = LibC.LastError;
            Unregister(token, fd: -1);
            throw new SocketException((int)LibC.ToSocketError(error));
        }
    }

    /// <summary>Removes the socket of <paramref name="token"/> (and its descriptor, unless -1) from this loop.</summary>
    public void Unregister(ulong token, int fd)
    {
        if (fd >= 0)
        {
            LibC.EpollDelete(_epoll, fd);
        }

        lock (_registrationGate)
        {
            var slot = (int)(uint)token;
            if (_sockets[slot] is { } socket && socket.Token == token)
            {
                Volatile.Write(ref _sockets[slot], null);
                _freeSlots.Push(slot);
            }
        }
    }

    private static EpollLoop[] StartLoops()
    {
        var count = Math.Clamp(Environment.ProcessorCount, 1, MaxLoops);
        var loops = new EpollLoop[count];
        for (var i = 0; i < count; i++)
        {
            loops[i] = new EpollLoop(i);
        }

        return loops;
    }

    private void Run()
    {
        t_current = this;
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEventsPerWait * LibC.EpollEventSize));
        while (true)
        {
            var count = LibC.EpollWait(_epoll, events, MaxEventsPerWait, -1);
            if (count < 0)
            {
                // EINTR (a signal, a debugger) is the only failure of a valid epoll descriptor.
                continue;
            }

            var sockets = Volatile.Read(ref _sockets);
            for (var i = 0; i < count; i++)
            {
                var (mask, token) = LibC.EpollEventAt(events, i);
                var slot = (int)(uint)token;
                if ((uint)slot < (uint)sockets.Length && Volatile.Read(ref sockets[slot]) is { } socket && socket.Token == token)
                {
                    Dispatch(socket, mask);
                }
            }

            RunDeferred();
        }
    }

    private void RunDeferred()
    {
        // Indexed: a deferred action may defer another one, which runs in this pass too.
        for (var i = 0; i < _deferred.Count; i++)
        {
            var (action, state) = _deferred[i];
            action(state);
        }

        _deferred.Clear();
    }

    private static void Dispatch(EpollSocket socket, uint mask)
    {
        var hungUp = (mask & HangUpEvents) != 0;
        if ((mask & ReadEvents) != 0)
        {
            socket.Read.Signal(hungUp);
        }

        if ((mask & WriteEvents) != 0)
        {
            socket.Write.Signal(hungUp);
        }
    }
}
