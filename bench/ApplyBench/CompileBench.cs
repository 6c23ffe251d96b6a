using System.Diagnostics;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.ControllerApi;

namespace Mesh.Bench.Apply;

/// <summary>Times the production evaluator and compiler directly (no HTTP, no Consul) as the rule count grows.</summary>
internal static class CompileBench
{
    private static readonly string[] Versions = ["v1", "v2"];

    public static CompileResult Run(int resources, int repetitions)
    {
        var services = BundleGenerator.ServicesFor(resources);
        var request = new ApplyRequest { Files = [new SourceFile("bench.hcl", BundleGenerator.Generate(resources, round: 1))] };
        var evaluator = RuleEngine.Evaluator();
        evaluator.Evaluate(new ApplyRequest { Files = [new SourceFile("warm-up.hcl", BundleGenerator.Generate(3, round: 0))] }, []); // JIT
        var validate = Stopwatch.StartNew();
        var evaluation = evaluator.Evaluate(request, []);
        validate.Stop();
        if (evaluation.HasErrors)
        {
            throw new InvalidOperationException("The generated bundle is invalid: " + string.Join("; ", evaluation.Diagnostics.Select(d => $"{d.Summary}: {d.Detail}")));
        }

        var catalog = Catalog(services);
        var compiler = RuleEngine.Compiler(new ControllerOptions { TrustDomain = "bench.mesh" });
        var snapshots = compiler.Compile(evaluation.Resources, catalog).Count; // warm-up (JIT)
        var times = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            compiler.Compile(evaluation.Resources, catalog);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new CompileResult(resources, services, snapshots, validate.Elapsed.TotalMilliseconds, Percentiles.Of(times));
    }

    private static CatalogState Catalog(int services)
    {
        var byName = new Dictionary<string, CatalogService>(StringComparer.Ordinal);
        for (var i = 0; i < services; i++)
        {
            var name = BundleGenerator.ServiceName(i);
            var instances = Versions
                .Select((version, n) => new CatalogInstance(
                    "bench-node", $"{name}-{version}", "127.0.0.1", 20000 + (i * 2) + n, [version],
                    new Dictionary<string, string> { ["version"] = version }, Healthy: true))
                .ToList();
            byName[name] = new CatalogService(name, [], instances);
        }

        return new CatalogState(1, byName);
    }
}
