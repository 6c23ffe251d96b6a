using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Mesh.Bench.Apply;

/// <summary>Renders the results as Markdown tables.</summary>
internal static class MarkdownReport
{
    public static string Render(
        DateTimeOffset started,
        string loadAverage,
        int catalogServices,
        int repetitions,
        IReadOnlyList<ApplyResult> applies,
        int compileRepetitions,
        IReadOnlyList<CompileResult> compiles)
    {
        var md = new StringBuilder();
        Line(md, $"# Apply → snapshot latency ({started:yyyy-MM-dd HH:mm} UTC)");
        Line(md, $"");
        Line(md, $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at start: {loadAverage}.");
        Line(md, $"Controller in process with the production rule engine, dev catalog on 127.0.0.1; catalog: {catalogServices} services × 2 instances.");
        Line(md, $"{repetitions} repetitions per size after one warm-up; every repetition changes every virtual_service, so every touched snapshot is rewritten.");
        Line(md, $"");
        Line(md, $"## Apply (POST /v1/apply, prune) and propagation");
        Line(md, $"");
        Line(md, $"\"Apply→KV\" runs from the apply call returning until the snapshot of every service the bundle routes carries the new generation in `mesh/compiled/` (blocking queries).");
        Line(md, $"");
        Line(md, $"| Resources | Services | Bundle | Apply median | Apply p90 | Apply→KV median | Apply→KV p90 | Total median | Total p90 |");
        Line(md, $"|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var a in applies)
        {
            Line(md, $"| {a.Resources} | {a.Services} | {a.BundleBytes / 1024.0:0.0} KiB | {Ms(a.Apply.Median)} | {Ms(a.Apply.P90)} | {Ms(a.Propagate.Median)} | {Ms(a.Propagate.P90)} | {Ms(a.Total.Median)} | {Ms(a.Total.P90)} |");
        }

        Line(md, $"");
        Line(md, $"## Compile time by rule count");
        Line(md, $"");
        Line(md, $"The production evaluator (parse + decode + validate, once) and compiler (median and p90 of {compileRepetitions} runs after one warm-up), called directly.");
        Line(md, $"");
        Line(md, $"| Resources | Services | Snapshots | Validate | Compile median | Compile p90 |");
        Line(md, $"|---:|---:|---:|---:|---:|---:|");
        foreach (var c in compiles)
        {
            Line(md, $"| {c.Resources} | {c.Services} | {c.Snapshots} | {Ms(c.ValidateMs)} | {Ms(c.Compile.Median)} | {Ms(c.Compile.P90)} |");
        }

        return md.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
