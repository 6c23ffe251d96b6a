using System.Diagnostics;
using System.Text;
using Mesh.ControllerApi;

namespace Mesh.Bench.Apply;

/// <summary>Applies bundles of a given size repeatedly and times each apply and its propagation to Consul KV.</summary>
internal sealed class ApplyRunner(BenchCluster cluster, TextWriter log)
{
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(120);

    private readonly SnapshotWatcher _watcher = new(cluster.Consul);
    private int _round;

    public async Task<ApplyResult> RunAsync(int resources, int repetitions, CancellationToken cancellationToken)
    {
        var services = BundleGenerator.ServicesFor(resources);
        var hosts = Enumerable.Range(0, services).Select(BundleGenerator.ServiceName).ToHashSet(StringComparer.Ordinal);
        var apply = new List<double>(repetitions);
        var propagate = new List<double>(repetitions);
        var total = new List<double>(repetitions);
        var bytes = 0;

        // One warm-up round: JIT, and Prune clears the previous size's resources (that churn is not measured).
        for (var i = -1; i < repetitions; i++)
        {
            var text = BundleGenerator.Generate(resources, ++_round);
            bytes = Encoding.UTF8.GetByteCount(text);
            var request = new ApplyRequest { Files = [new SourceFile("bench.hcl", text)], Prune = true };

            var started = Stopwatch.GetTimestamp();
            var response = await cluster.Client.ApplyAsync(request, cancellationToken);
            var applied = Stopwatch.GetTimestamp();
            await _watcher.WaitAsync(response.Generation, hosts, PropagationTimeout, cancellationToken);
            var visible = Stopwatch.GetTimestamp();

            if (i < 0)
            {
                continue;
            }

            apply.Add(Stopwatch.GetElapsedTime(started, applied).TotalMilliseconds);
            propagate.Add(Stopwatch.GetElapsedTime(applied, visible).TotalMilliseconds);
            total.Add(Stopwatch.GetElapsedTime(started, visible).TotalMilliseconds);
        }

        var result = new ApplyResult(resources, services, bytes, Percentiles.Of(apply), Percentiles.Of(propagate), Percentiles.Of(total));
        await log.WriteLineAsync($"  N={resources}: apply median {result.Apply.Median:0.0} ms, apply→KV median {result.Propagate.Median:0.0} ms");
        return result;
    }
}
