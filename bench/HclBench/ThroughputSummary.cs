using System.Globalization;
using BenchmarkDotNet.Reports;

namespace HclBench;

/// <summary>Prints MB/s and allocated bytes per input MB for each benchmark of a finished run.</summary>
internal static class ThroughputSummary
{
    private const double MegaByte = 1024 * 1024;

    public static void Print(Summary summary, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| Benchmark | Resources | Input MB | Mean ms | StdDev % | MB/s | Allocated MB | Alloc bytes / input MB |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var machine = new List<string>();
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats)
            {
                continue;
            }

            var resources = (int)report.BenchmarkCase.Parameters["Resources"];
            var inputBytes = new FileInfo(RulesGenerator.EnsureFile(resources)).Length;
            var inputMb = inputBytes / MegaByte;
            var meanSeconds = stats.Mean / 1e9;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} | {resources} | {inputMb:F2} | {stats.Mean / 1e6:F1} | {100 * stats.StandardDeviation / stats.Mean:F1} | {inputMb / meanSeconds:F1} | {allocated / MegaByte:F1} | {allocated / inputMb:N0} |"));
            machine.Add(string.Create(CultureInfo.InvariantCulture,
                $"RESULT name={report.BenchmarkCase.Descriptor.WorkloadMethod.Name} resources={resources} bytes={inputBytes} ns_op={stats.Mean:F0} alloc_op={allocated}"));
        }

        output.WriteLine();
        foreach (var line in machine)
        {
            output.WriteLine(line);
        }
    }
}
