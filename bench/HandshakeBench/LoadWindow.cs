using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// Runs workers for a warm-up and then a measured window; completed operations and the server's CPU time are
/// sampled at the window's edges only, so the warm-up (JIT, tiering) is excluded from both.
/// </summary>
internal static class LoadWindow
{
    public static async Task<string> RunAsync(
        string mode,
        int workers,
        Func<LoadCounters, CancellationToken, Task> worker,
        TimeSpan warmup,
        TimeSpan duration,
        CpuSampler cpu)
    {
        var counters = new LoadCounters();
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => worker(counters, stop.Token))).ToArray();
        await Task.Delay(warmup).ConfigureAwait(false);

        var completed0 = counters.Completed;
        var failed0 = counters.Failed;
        var cpu0 = cpu.Enabled ? cpu.Seconds() : 0;
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration).ConfigureAwait(false);
        var cpu1 = cpu.Enabled ? cpu.Seconds() : 0;
        var seconds = clock.Elapsed.TotalSeconds;
        var completed = counters.Completed - completed0;
        var failed = counters.Failed - failed0;

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var serverCpu = cpu1 - cpu0;
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"mode\":\"{mode}\",\"workers\":{workers},\"seconds\":{seconds:F3},\"ops\":{completed},\"errors\":{failed},");
        json.Append(CultureInfo.InvariantCulture, $"\"rate\":{completed / seconds:F1}");
        if (cpu.Enabled)
        {
            var perOp = completed > 0 ? serverCpu * 1e6 / completed : 0;
            json.Append(CultureInfo.InvariantCulture, $",\"server_cpu_s\":{serverCpu:F3},\"cpu_us_per_op\":{perOp:F2},\"server_core_util\":{serverCpu / seconds:F3}");
        }

        return json.Append('}').ToString();
    }
}
