namespace Mesh.DevCatalog.Hosting;

/// <summary>
/// One-shot <see cref="TimeProvider"/> timers by key, used under the store's lock. Scheduling a key again replaces its
/// timer; a callback runs under the same lock and only if its timer is still the current one, so a renew that races
/// an expiry never loses.
/// </summary>
internal sealed class KeyedTimers : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate;
    private readonly Dictionary<string, (ITimer Timer, long Generation)> _timers = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Creates the set; callbacks take <paramref name="gate"/>.</summary>
    public KeyedTimers(TimeProvider time, Lock gate)
    {
        _time = time;
        _gate = gate;
    }

    /// <summary>Runs <paramref name="callback"/> after <paramref name="due"/> unless rescheduled or cancelled first. Call under the lock.</summary>
    public void Schedule(string key, TimeSpan due, Action callback)
    {
        Cancel(key);
        var generation = ++_generation;
        var timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    if (_timers.TryGetValue(key, out var current) && current.Generation == generation)
                    {
                        _timers.Remove(key);
                        current.Timer.Dispose();
                        callback();
                    }
                }
            },
            null,
            due,
            Timeout.InfiniteTimeSpan);
        _timers[key] = (timer, generation);
    }

    /// <summary>True when the key has a pending timer. Call under the lock.</summary>
    public bool IsScheduled(string key) => _timers.ContainsKey(key);

    /// <summary>Cancels the key's timer if any. Call under the lock.</summary>
    public void Cancel(string key)
    {
        if (_timers.Remove(key, out var existing))
        {
            existing.Timer.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (timer, _) in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }
}
