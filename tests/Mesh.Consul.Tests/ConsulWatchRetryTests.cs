using Mesh.Consul.Watch;
using Mesh.TestDoubles.Time;

namespace Mesh.Consul.Tests;

public sealed class ConsulWatchRetryTests
{
    private static QueryResult<string> At(ulong index) => new() { Value = $"v{index}", LastIndex = index };

    [Fact]
    public async Task WatchAsync_ManyConsecutiveErrors_DelaysDoubleUpToTheCapOnTheInjectedClock()
    {
        var time = new RecordingTimeProvider();
        var calls = 0;
        var watch = new ConsulWatch<string>(
            (_, _) => ++calls <= 7
                ? throw new ConsulUnreachableException(new Uri("http://127.0.0.1:8500"), "connection refused", null)
                : Task.FromResult(At(9)),
            new ConsulWatchOptions { Random = new FixedRandom(1.0) },
            time);

        await using var results = watch.WatchAsync().GetAsyncEnumerator();
        var next = results.MoveNextAsync().AsTask();
        var delays = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var due = await time.NextTimerAsync();
            delays.Add(due.TotalSeconds);
            time.Advance(due);
        }

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([1d, 2d, 4d, 8d, 16d, 30d, 30d], delays);
        Assert.Equal(9UL, results.Current.LastIndex);
    }

    [Fact]
    public async Task WatchAsync_ErrorAfterASuccess_StartsBackoffAgainFromTheMinimum()
    {
        var time = new RecordingTimeProvider();
        var calls = 0;
        var watch = new ConsulWatch<string>(
            (_, _) => ++calls switch
            {
                1 or 2 or 4 => throw new HttpRequestException("connection refused"),
                3 => Task.FromResult(At(3)),
                _ => Task.FromResult(At(5)),
            },
            new ConsulWatchOptions { Random = new FixedRandom(1.0) },
            time);

        await using var results = watch.WatchAsync().GetAsyncEnumerator();
        var first = results.MoveNextAsync().AsTask();
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10)));

        var second = results.MoveNextAsync().AsTask();
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5UL, results.Current.LastIndex);
    }

    [Fact]
    public async Task WatchAsync_NonTransientError_PropagatesWithoutRetry()
    {
        var calls = 0;
        var watch = new ConsulWatch<string>((_, _) =>
        {
            calls++;
            throw new InvalidOperationException("bug");
        });

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in watch.WatchAsync())
            {
            }
        });
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task WatchAsync_CancelledDuringBackoff_StopsPromptly()
    {
        var time = new RecordingTimeProvider();
        using var cts = new CancellationTokenSource();
        var watch = new ConsulWatch<string>((_, _) => throw new HttpRequestException("down"), timeProvider: time);

        await using var results = watch.WatchAsync(cts.Token).GetAsyncEnumerator();
        var next = results.MoveNextAsync().AsTask();
        await time.NextTimerAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
