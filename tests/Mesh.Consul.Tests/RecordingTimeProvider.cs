using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Consul.Tests;

/// <summary>A fake clock that reports every timer created (Task.Delay), so tests advance time only once a delay is armed.</summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>Waits for the next timer to be created and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }
}

/// <summary>A random source with a fixed <see cref="NextDouble"/>, to pin the jitter.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
