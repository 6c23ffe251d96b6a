using System.Globalization;
using System.Runtime;
using Mesh.Bench.AllocBench;
using Mesh.Bench.SidecarHost;

// Allocated bytes per proxied request (what the proxy hop adds over a direct client→backend request), per scenario.
// Usage: AllocBench [--requests N] [--warmup N] [--connections N] [--repeat N] [--only NAME] [--sample]
var requests = 20_000;
var warmup = 5_000;
var connections = 8;
var repeat = 2;
string? only = null;
var sample = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--requests": requests = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--connections": connections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only": only = args[++i]; break;
        case "--sample": sample = true; break;
        default: throw new ArgumentException("unknown option " + args[i]);
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests={requests} warmup={warmup} connections={connections} repeat={repeat} gc={(GCSettings.IsServerGC ? "server" : "workstation")} cpus={Environment.ProcessorCount}"));
await using var backend = await Backend.StartAsync().ConfigureAwait(false);
using var sampler = sample ? new AllocationSampler() : null;
var results = new List<(Scenario Scenario, Measurement Best)>();
foreach (var scenario in Scenario.All)
{
    if (only is not null && scenario.Hop != Hop.Direct && !scenario.Name.Contains(only, StringComparison.Ordinal))
    {
        continue;
    }

    await using var proxy = scenario.Hop == Hop.Mesh ? await ProxyUnderTest.StartAsync(scenario, backend.Port).ConfigureAwait(false) : null;
    await using var bare = scenario.Hop == Hop.Bare ? await BareProxy.StartAsync(backend.Port).ConfigureAwait(false) : null;
    using var client = new LoadClient(proxy?.Port ?? bare?.Port ?? backend.Port, connections);
    var warm = await client.SendAsync(warmup).ConfigureAwait(false);
    if (warm != 0)
    {
        throw new InvalidOperationException(scenario.Name + ": " + warm + " failed requests during warm-up");
    }

    sampler?.Report(0);
    Measurement? best = null;
    for (var r = 0; r < repeat; r++)
    {
        var m = await Measurement.RunAsync(client, requests).ConfigureAwait(false);
        if (m.Failures != 0)
        {
            throw new InvalidOperationException(scenario.Name + ": " + m.Failures + " failed requests");
        }

        // Allocations are deterministic up to background noise (timers, connection pool scavenging): keep the lowest.
        if (best is null || m.AllocatedBytes < best.Value.AllocatedBytes)
        {
            best = m;
        }
    }

    results.Add((scenario, best!.Value));
    if (sampler is not null)
    {
        Console.WriteLine(scenario.Name + ": " + sampler.Report(25));
    }
}

var direct = results.First(r => r.Scenario.Hop == Hop.Direct).Best.BytesPerRequest;
Console.WriteLine();
Console.WriteLine("| scenario | B/req total | B/req added by proxy | gen0 | gen1 | gen2 | req/s (noisy) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var (scenario, m) in results)
{
    var added = scenario.Hop != Hop.Direct ? (m.BytesPerRequest - direct).ToString("F0", CultureInfo.InvariantCulture) : "—";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario.Name} | {m.BytesPerRequest:F0} | {added} | {m.Gen0} | {m.Gen1} | {m.Gen2} | {m.Requests / m.Elapsed.TotalSeconds:F0} |"));
}
