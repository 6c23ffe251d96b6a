using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.TestDoubles.Time;

/// <summary>
/// A fake clock that reports every timer created (<c>Task.Delay</c>), so a test advances time only once the code under
/// test has armed its delay: advancing first would arm the delay after the jump and it would never come due.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>A clock starting at <paramref name="start"/>.</summary>
    public RecordingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>A clock starting at the fake clock's default start.</summary>
    public RecordingTimeProvider()
    {
    }

    /// <summary>Waits (at most 10 s) for the next timer to be created and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }
}
