using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mesh.Bench.LoadGen;

/// <summary>Sub-millisecond sleeping: Thread.Sleep has 1 ms granularity, too coarse for a 200 µs schedule.</summary>
internal static partial class NativeTiming
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Asks the kernel to wake this thread within 1 µs of the requested time instead of the default 50 µs.</summary>
    public static void TightenTimerSlack() => _ = Prctl(PrSetTimerSlack, 1000, 0, 0, 0);

    /// <summary>Waits until <paramref name="timestamp"/> (Stopwatch ticks), sleeping rather than spinning.</summary>
    public static void WaitUntil(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var micros = remaining * 1_000_000 / Stopwatch.Frequency;
            if (micros > 30)
            {
                _ = USleep((uint)(micros - 15));
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
