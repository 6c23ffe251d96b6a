using Mesh.Snapshots;

namespace Mesh.Agent.Snapshots;

/// <summary>
/// The hosts one sidecar reaches outside its upstreams and whose compiled snapshots it follows: each holds one lease on
/// the agent's <see cref="SnapshotManager"/>, given back when the sidecar drops the host or stops (<see cref="Dispose"/>).
/// </summary>
internal sealed class FollowedSnapshots : IDisposable
{
    private readonly SnapshotManager _snapshots;
    private readonly Lock _lock = new();
    private HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    public FollowedSnapshots(SnapshotManager snapshots)
    {
        _snapshots = snapshots;
        _snapshots.Changed += OnChanged;
    }

    /// <summary>Raised with a followed host after its snapshot or its rejection changed.</summary>
    public event Action<string>? Changed;

    /// <summary>The hosts followed now.</summary>
    public IReadOnlyCollection<string> Hosts => Volatile.Read(ref _hosts);

    /// <summary>Whether <paramref name="host"/> is followed.</summary>
    public bool Follows(string host) => Volatile.Read(ref _hosts).Contains(host);

    /// <summary>
    /// Follows <paramref name="host"/> (idempotent), then waits at most <paramref name="wait"/> for Consul's first answer
    /// about it, so that a host reached for the first time is served with its rules.
    /// </summary>
    public Task FollowAsync(string host, TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A request still in flight while the sidecar stops is served without the host's rules.
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            if (!_hosts.Contains(host))
            {
                // Listed before the lease starts the watch, so that checks and handlers of the first answer see it followed.
                Volatile.Write(ref _hosts, new HashSet<string>(_hosts, StringComparer.OrdinalIgnoreCase) { host });
                _snapshots.Lease(host);
            }
        }

        return _snapshots.WaitForAnswerAsync(host, wait, cancellationToken);
    }

    /// <summary>The state of a followed host; null when it is not followed.</summary>
    public HostSnapshotState? Get(string host) => Follows(host) ? _snapshots.Get(host) : null;

    /// <summary>The compiled snapshot a followed host serves; null when it is not followed or has none (no rule compiled for it).</summary>
    public ProxySnapshot? Compiled(string host) =>
        Get(host)?.Compiled;

    /// <summary>Stops following <paramref name="host"/>.</summary>
    public void Forget(string host) => Forget([host]);

    /// <summary>Stops following <paramref name="hosts"/>.</summary>
    public void Forget(IEnumerable<string> hosts)
    {
        lock (_lock)
        {
            var followed = hosts.Where(_hosts.Contains).ToList();
            if (followed.Count == 0)
            {
                return;
            }

            var remaining = new HashSet<string>(_hosts, StringComparer.OrdinalIgnoreCase);
            foreach (var host in followed)
            {
                remaining.Remove(host);
                _snapshots.Release(host);
            }

            Volatile.Write(ref _hosts, remaining);
        }
    }

    /// <summary>Stops following every host.</summary>
    public void ForgetAll()
    {
        lock (_lock)
        {
            foreach (var host in _hosts)
            {
                _snapshots.Release(host);
            }

            Volatile.Write(ref _hosts, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        }
    }

    private void OnChanged(string host)
    {
        if (Follows(host))
        {
            Changed?.Invoke(host);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _snapshots.Changed -= OnChanged;
        lock (_lock)
        {
            _disposed = true;
        }

        ForgetAll();
    }
}
