using BenchmarkDotNet.Attributes;
using Mesh.Hcl;
using Mesh.Rules.Loading;
using Mesh.Rules.Validation;

namespace HclBench;

/// <summary>Parse, parse + decode, and parse + decode + validate of one generated rules file.</summary>
[MemoryDiagnoser]
public class HclBenchmarks
{
    private byte[] _bytes = [];
    private string _text = "";

    /// <summary>Number of resources in the generated file.</summary>
    [Params(1_000, 10_000)]
    public int Resources { get; set; }

    /// <summary>Generates (or reuses) the input file and reads it into memory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var path = RulesGenerator.EnsureFile(Resources);
        _bytes = File.ReadAllBytes(path);
        _text = File.ReadAllText(path);
        var check = RuleBundleLoader.Load(("rules.hcl", _text));
        if (check.Diagnostics.HasErrors || check.Rules.Resources.Count != Resources)
        {
            throw new InvalidOperationException($"Generated input is not clean: {check.Rules.Resources.Count} resources, first diagnostic: {(check.Diagnostics.Count > 0 ? check.Diagnostics[0].Summary : "none")}");
        }
    }

    /// <summary>HclParser.ParseFile from UTF-8 bytes.</summary>
    [Benchmark(Baseline = true)]
    public HclFile Parse() => HclParser.ParseFile(_bytes, "rules.hcl");

    /// <summary>RuleBundleLoader.Load: parse and decode into typed resources.</summary>
    [Benchmark]
    public RuleBundle ParseDecode() => RuleBundleLoader.Load(("rules.hcl", _text));

    /// <summary>Parse, decode and RuleValidator.Validate.</summary>
    [Benchmark]
    public int ParseDecodeValidate()
    {
        var bundle = RuleBundleLoader.Load(("rules.hcl", _text));
        return RuleValidator.Validate(bundle.Rules).Count;
    }
}
