using System.Diagnostics;
using System.Net;
using System.Text;

namespace Mesh.Bench.LoadGen;

/// <summary>
/// Sends requests on a fixed schedule (request i at start + i / rate) whatever the server's speed. A request that
/// finds no idle connection waits in a queue, and every latency is measured from the request's scheduled time, so
/// a stall shows as the latency all the requests scheduled during it would have seen (coordinated omission
/// corrected, as in wrk2).
/// </summary>
internal sealed class OpenLoopRunner(LoadOptions options)
{
    private readonly object _gate = new();
    private readonly Stack<Connection> _idle = new();
    private readonly Queue<long> _pending = new();
    private readonly LatencyHistogram _histogram = new();
    private readonly byte[] _request = Encoding.ASCII.GetBytes(
        "GET " + options.Path + " HTTP/1.1\r\nHost: " + options.HostHeader + "\r\nUser-Agent: mesh-loadgen\r\n\r\n");
    private long _measureFrom;
    private long _completed;
    private long _completedAll;
    private long _errors;
    private long _maxQueued;

    public async Task<LoadResult> RunAsync()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(options.Address), options.Port);
        var connections = new Connection[options.Connections];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = new Connection(endPoint);
            _idle.Push(connections[i]);
        }

        using var stop = new CancellationTokenSource();
        var receivers = new Task[connections.Length];
        for (var i = 0; i < connections.Length; i++)
        {
            var connection = connections[i];
            receivers[i] = Task.Run(() => ReceiveLoopAsync(connection, stop.Token));
        }

        var interval = (double)Stopwatch.Frequency / options.Rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
        _measureFrom = start + (long)(options.WarmupSeconds * Stopwatch.Frequency);
        var total = (long)(options.Rate * (options.WarmupSeconds + options.DurationSeconds));
        var sender = new Thread(() => Schedule(start, interval, total)) { IsBackground = true, Name = "scheduler" };
        sender.Start();
        sender.Join();

        // Let the requests in flight finish (bounded), then stop.
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && Outstanding(connections.Length) > 0)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        var elapsed = (double)(Stopwatch.GetTimestamp() - _measureFrom) / Stopwatch.Frequency;
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        try
        {
            await Task.WhenAll(receivers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        return new LoadResult(options.Rate, _histogram, Interlocked.Read(ref _completed), Interlocked.Read(ref _completedAll), Interlocked.Read(ref _errors), _maxQueued, elapsed);
    }

    private int Outstanding(int connections)
    {
        lock (_gate)
        {
            return connections - _idle.Count + _pending.Count;
        }
    }

    private void Schedule(long start, double interval, long total)
    {
        NativeTiming.TightenTimerSlack();
        for (long i = 0; i < total; i++)
        {
            var scheduled = start + (long)(i * interval);
            NativeTiming.WaitUntil(scheduled);
            lock (_gate)
            {
                if (_idle.TryPop(out var connection))
                {
                    SendLocked(connection, scheduled);
                }
                else
                {
                    _pending.Enqueue(scheduled);
                    _maxQueued = Math.Max(_maxQueued, _pending.Count);
                }
            }
        }
    }

    private void SendLocked(Connection connection, long scheduled)
    {
        connection.Scheduled = scheduled;
        try
        {
            connection.Send(_request);
        }
        catch (System.Net.Sockets.SocketException)
        {
            Interlocked.Increment(ref _errors);
            connection.Reopen();
            connection.Send(_request);
        }
    }

    private async Task ReceiveLoopAsync(Connection connection, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var status = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            var scheduled = connection.Scheduled;
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref _completedAll);
                if (scheduled >= _measureFrom)
                {
                    Interlocked.Increment(ref _completed);
                    _histogram.Record((now - scheduled) * 1_000_000_000 / Stopwatch.Frequency);
                }
            }
            else
            {
                Interlocked.Increment(ref _errors);
            }

            lock (_gate)
            {
                if (_pending.TryDequeue(out var next))
                {
                    SendLocked(connection, next);
                }
                else
                {
                    _idle.Push(connection);
                }
            }
        }
    }
}
