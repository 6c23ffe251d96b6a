using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Loading;
using Mesh.Rules.Validation;

namespace HclBench;

/// <summary>
/// A cheap split of where the time goes, without BenchmarkDotNet: UTF-8 decoding, source position mapping,
/// scanning, parsing, decoding and validation, each with its allocated bytes. The scanner and parser are
/// internal to Mesh.Hcl, so they are reached by reflection (the call itself is negligible against the work).
/// </summary>
internal static class StageProfile
{
    private const string Native = "Mesh.Hcl.Native.";

    public static void Run(int resources, int iterations)
    {
        var path = RulesGenerator.EnsureFile(resources);
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        var mb = bytes.Length / (1024.0 * 1024.0);
        var assembly = typeof(HclParser).Assembly;
        var sourceTextType = assembly.GetType(Native + "SourceText", throwOnError: true)!;
        var scan = assembly.GetType(Native + "Scanner", throwOnError: true)!.GetMethod("Scan", BindingFlags.Public | BindingFlags.Static)!;
        var parserType = assembly.GetType(Native + "Parser", throwOnError: true)!;
        var parseFile = parserType.GetMethod("ParseFile", BindingFlags.Public | BindingFlags.Instance)!;
        var at = sourceTextType.GetMethod("At", BindingFlags.Public | BindingFlags.Instance)!;

        object NewSource() => Activator.CreateInstance(sourceTextType, path, text)!;
        object Scan() => scan.Invoke(null, [NewSource(), new DiagnosticBag(), false])!;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {resources} resources, {mb:F2} MB, {iterations} iterations after 2 warm-ups"));
        Measure("utf8 decode", mb, iterations, () => Encoding.UTF8.GetString(bytes));
        Measure("SourceText ctor (line starts)", mb, iterations, NewSource);
        Measure("SourceText.At walk (every 4th char)", mb, iterations, () =>
        {
            var source = NewSource();
            for (var i = 0; i < text.Length; i += 4)
            {
                at.Invoke(source, [i]);
            }

            return source;
        });
        Measure("scan (incl. ctor + positions)", mb, iterations, Scan);
        var tokens = Scan();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tokens: {((System.Collections.ICollection)tokens).Count}"));
        Measure("parse tokens -> body", mb, iterations, () => parseFile.Invoke(Activator.CreateInstance(parserType, tokens, new DiagnosticBag()), null)!);
        Measure("HclParser.ParseFile(bytes)", mb, iterations, () => HclParser.ParseFile(bytes, "rules.hcl"));
        Measure("RuleBundleLoader.Load", mb, iterations, () => RuleBundleLoader.Load(("rules.hcl", text)));
        var bundle = RuleBundleLoader.Load(("rules.hcl", text));
        Measure("RuleValidator.Validate only", mb, iterations, () => RuleValidator.Validate(bundle.Rules));
    }

    private static void Measure(string name, double mb, int iterations, Func<object> action)
    {
        action();
        action();
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gen0 = GC.CollectionCount(0);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        object? keep = null;
        for (var i = 0; i < iterations; i++)
        {
            keep = action();
        }

        watch.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / iterations;
        GC.KeepAlive(keep);
        var ms = watch.Elapsed.TotalMilliseconds / iterations;
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-38} {ms,9:F2} ms  {mb / (ms / 1000),8:F1} MB/s  cpu {cpuMs,9:F2} ms {mb / (cpuMs / 1000),8:F1} MB/s  {allocated / (1024 * 1024),8:F1} MB alloc  gen0 {(GC.CollectionCount(0) - gen0) / (double)iterations:F1}/op"));
    }
}
