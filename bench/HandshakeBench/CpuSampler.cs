using System.Globalization;

namespace Mesh.Bench.HandshakeBench;

/// <summary>CPU time (utime + stime, all threads) of other processes, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal sealed class CpuSampler(IReadOnlyList<int> pids, int clockTicksPerSecond)
{
    public bool Enabled => pids.Count > 0;

    /// <summary>Summed CPU seconds of the processes so far.</summary>
    public double Seconds()
    {
        long ticks = 0;
        foreach (var pid in pids)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may contain spaces: fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        return (double)ticks / clockTicksPerSecond;
    }
}
