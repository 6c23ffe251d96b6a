using System.Net;
using Mesh.Consul.Watch;
using Mesh.TestDoubles.Time;

namespace Mesh.Consul.Tests;

public sealed class ConsulWatchTests
{
    private static QueryResult<string> At(ulong index) => new() { Value = $"v{index}", LastIndex = index };

    [Fact]
    public async Task WatchAsync_IndexUnchangedThenLower_SkipsWakeUpAndResetsToZero()
    {
        var sent = new List<QueryOptions>();
        var answers = new Queue<ulong>([10, 10, 5, 5, 8]);
        var watch = new ConsulWatch<string>((query, _) =>
        {
            sent.Add(query);
            return Task.FromResult(At(answers.Dequeue()));
        });

        var seen = new List<ulong>();
        await foreach (var result in watch.WatchAsync())
        {
            seen.Add(result.LastIndex);
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([10UL, 5UL, 8UL], seen);
        Assert.Equal([0UL, 10UL, 10UL, 0UL, 5UL], sent.Select(q => q.Index));
        Assert.All(sent, q => Assert.Equal(TimeSpan.FromMinutes(5), q.Wait));
    }

    [Fact]
    public async Task WatchAsync_ServerReturnsIndexZero_NextRequestBlocksOnIndexOne()
    {
        var sent = new List<QueryOptions>();
        var answers = new Queue<ulong>([0, 3]);
        var watch = new ConsulWatch<string>((query, _) =>
        {
            sent.Add(query);
            return Task.FromResult(At(answers.Dequeue()));
        });

        await foreach (var result in watch.WatchAsync())
        {
            if (result.LastIndex == 3)
            {
                break;
            }
        }

        Assert.Equal([0UL, 1UL], sent.Select(q => q.Index));
        Assert.Equal([false, true], sent.Select(q => q.IsBlocking));
    }

    [Fact]
    public async Task WatchAsync_OverHttp_FirstRequestDoesNotBlockThenSendsReturnedIndex()
    {
        var index = 40UL;
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("[]", index: index++));
        var client = FakeConsulHandler.Client(handler);
        var watch = new ConsulWatch<IReadOnlyList<Kv.KvEntry>>(
            (query, ct) => client.Kv.ListAsync("config/", query, ct), new ConsulWatchOptions { Wait = TimeSpan.FromSeconds(90) });

        var seen = new List<ulong>();
        await foreach (var result in watch.WatchAsync())
        {
            seen.Add(result.LastIndex);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([40UL, 41UL], seen);
        Assert.Equal("?recurse", handler.Requests[0].Uri.Query);
        Assert.Equal("?recurse&index=40&wait=90s", handler.Requests[1].Uri.Query);
    }

    [Fact]
    public async Task WatchAsync_Errors_BacksOffExponentiallyWithJitterThenResumes()
    {
        var time = new RecordingTimeProvider();
        var calls = 0;
        var watch = new ConsulWatch<string>(
            (_, _) => ++calls switch
            {
                1 => throw new HttpRequestException("connection refused"),
                2 => throw new ConsulException(HttpStatusCode.InternalServerError, "No cluster leader"),
                _ => Task.FromResult(At(3)),
            },
            new ConsulWatchOptions { Random = new FixedRandom(0.0) },
            time);

        await using var results = watch.WatchAsync().GetAsyncEnumerator();
        var next = results.MoveNextAsync().AsTask();

        Assert.Equal(TimeSpan.FromMilliseconds(500), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3UL, results.Current.LastIndex);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void BackoffFor_ManyFailures_DoublesAndCapsAtThirtySeconds()
    {
        var watch = new ConsulWatch<string>((_, _) => Task.FromResult(At(1)));

        var backoffs = Enumerable.Range(1, 8).Select(watch.BackoffFor).Select(t => t.TotalSeconds);

        Assert.Equal([1d, 2d, 4d, 8d, 16d, 30d, 30d, 30d], backoffs);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_StopsWithoutRetrying()
    {
        using var cts = new CancellationTokenSource();
        var watch = new ConsulWatch<string>(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return At(1);
        });

        var enumeration = Task.Run(async () =>
        {
            await foreach (var unused in watch.WatchAsync(cts.Token))
            {
            }
        });
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enumeration);
    }
}
