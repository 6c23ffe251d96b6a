using System.Globalization;
using Mesh.Bench.Apply;

// ApplyBench: apply → snapshot latency of the controller, and compile time by rule count. See bench/README.md.
BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"ApplyBench: {e.Message}");
    return 2;
}

var started = TimeProvider.System.GetUtcNow();
var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ').Take(3)) : "n/a";
var log = Console.Error;

var compiles = new List<CompileResult>();
await log.WriteLineAsync("Compile time by rule count ...");
foreach (var size in arguments.CompileSizes)
{
    var result = CompileBench.Run(size, arguments.CompileRepetitions);
    compiles.Add(result);
    await log.WriteLineAsync($"  {size} resources: compile median {result.Compile.Median:0.0} ms");
}

var catalogServices = arguments.Sizes.Length == 0 ? 0 : BundleGenerator.ServicesFor(arguments.Sizes.Max());
var applies = new List<ApplyResult>();
using (var stop = new CancellationTokenSource())
{
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };

    await log.WriteLineAsync($"Starting the dev catalog and the controller; registering {catalogServices} services ...");
    await using var cluster = await BenchCluster.StartAsync(stop.Token);
    await cluster.RegisterServicesAsync(catalogServices, stop.Token);
    await cluster.WaitForLeaderAsync(stop.Token);
    var runner = new ApplyRunner(cluster, log);
    foreach (var size in arguments.Sizes)
    {
        applies.Add(await runner.RunAsync(size, arguments.Repetitions, stop.Token));
    }
}

var markdown = MarkdownReport.Render(started, loadAverage, catalogServices, arguments.Repetitions, applies, arguments.CompileRepetitions, compiles);
Console.Write(markdown);
if (arguments.OutDirectory is { } outDirectory)
{
    Directory.CreateDirectory(outDirectory);
    var path = Path.Join(outDirectory, string.Create(CultureInfo.InvariantCulture, $"apply-{started:yyyy-MM-dd}.md"));
    await File.WriteAllTextAsync(path, markdown);
    await log.WriteLineAsync($"Wrote {path}");
}

return 0;
