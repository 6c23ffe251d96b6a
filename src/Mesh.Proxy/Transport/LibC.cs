using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mesh.Proxy.Transport;

/// <summary>The Linux system calls the epoll transport makes itself (man 2 epoll_ctl, epoll_wait, recv, sendmsg).</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CLOEXEC = 0x80000;

    public const int MSG_PEEK = 0x02;
    public const int MSG_NOSIGNAL = 0x4000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;

    /// <summary>
    /// <c>struct epoll_event</c> is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere
    /// (16 bytes, data at offset 8).
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int s_epollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(int epfd, int op, int fd, byte* @event);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(nint fd, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(nint fd, MessageHeader* message, int flags);

    /// <summary>Adds <paramref name="fd"/> to the epoll set with <paramref name="events"/> and the 64-bit <paramref name="data"/>.</summary>
    public static int EpollAdd(int epfd, int fd, uint events, ulong data)
    {
        var buffer = stackalloc byte[16];
        *(uint*)buffer = events;
        *(ulong*)(buffer + s_epollDataOffset) = data;
        return EpollControl(epfd, EPOLL_CTL_ADD, fd, buffer);
    }

    /// <summary>Removes <paramref name="fd"/> from the epoll set.</summary>
    public static int EpollDelete(int epfd, int fd)
    {
        var buffer = stackalloc byte[16];
        return EpollControl(epfd, EPOLL_CTL_DEL, fd, buffer);
    }

    /// <summary>The events and data of the <paramref name="index"/>th entry of an <c>epoll_wait</c> buffer.</summary>
    public static (uint Events, ulong Data) EpollEventAt(byte* events, int index)
    {
        var entry = events + (index * EpollEventSize);
        return (*(uint*)entry, *(ulong*)(entry + s_epollDataOffset));
    }

    /// <summary>The <c>errno</c> of the last call.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>The socket error .NET reports for <paramref name="errno"/>, so callers classify failures as they do for <see cref="Socket"/>.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        11 => SocketError.WouldBlock,
        32 => SocketError.Shutdown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        105 => SocketError.NoBufferSpaceAvailable,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        115 => SocketError.InProgress,
        9 => SocketError.OperationAborted,
        _ => SocketError.SocketError,
    };
}
