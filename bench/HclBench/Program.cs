using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HclBench;

// Usage:
//   HclBench generate <resources>        writes the input file, prints its path (used by run.sh for the Go side)
//   HclBench profile <resources> [iters] Stopwatch split: UTF-8 decode, parse, decode, validate (cheap, no BDN)
//   HclBench [BenchmarkDotNet args]      e.g. --filter '*' --job short; prints an MB/s summary afterwards
if (args.Length >= 2 && args[0] == "generate")
{
    Console.WriteLine(RulesGenerator.EnsureFile(int.Parse(args[1], CultureInfo.InvariantCulture)));
    return 0;
}

if (args.Length >= 2 && args[0] == "profile")
{
    var iterations = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
    StageProfile.Run(int.Parse(args[1], CultureInfo.InvariantCulture), iterations);
    return 0;
}

var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(HclBenchmarks).Assembly).Run(args, config);
foreach (var summary in summaries)
{
    ThroughputSummary.Print(summary, Console.Out);
}

return 0;
