using System.Runtime.CompilerServices;
using Mesh.Proxy.Forwarding;

namespace Mesh.Proxy.Tcp;

/// <summary>Open TCP proxy connections per cluster state (shared by every TCP listener of one proxy engine).</summary>
internal sealed class TcpConnectionCounter
{
    private static readonly ConditionalWeakTable<ClusterState, TcpConnectionCounter> s_counters = [];
    private int _open;

    /// <summary>The counter of a cluster state.</summary>
    public static TcpConnectionCounter For(ClusterState state) => s_counters.GetValue(state, static _ => new TcpConnectionCounter());

    /// <summary>Connections admitted and not yet released.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Admits a connection unless <paramref name="max"/> are already open.</summary>
    public bool TryEnter(int max)
    {
        if (Interlocked.Increment(ref _open) > max)
        {
            Interlocked.Decrement(ref _open);
            return false;
        }

        return true;
    }

    /// <summary>Releases an admitted connection.</summary>
    public void Exit() => Interlocked.Decrement(ref _open);
}
