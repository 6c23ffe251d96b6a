using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests.SpecSuite;

/// <summary>
/// Runs HashiCorp's implementation-agnostic HCL spec suite (Debian package golang-github-hashicorp-hcl-v2-dev,
/// installed by .ci/run) against our parser, with a small in-process stand-in for hcldec.
/// Numbers are compared to 100 significant digits: HashiCorp's implementation computes in 512-bit binary floating
/// point (so 11 % 5.1 is 0.8000…00024 there), ours in exact decimal (0.8).
/// </summary>
public sealed class SpecSuiteTests
{
    private const string SuiteDirectory = "/usr/share/gocode/src/github.com/hashicorp/hcl/v2/specsuite/tests";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(SuiteDirectory))
        {
            data.Add("(suite not installed)");
            return data;
        }

        foreach (var t in Directory.EnumerateFiles(SuiteDirectory, "*.t", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stem = t[..^2];
            foreach (var input in new[] { stem + ".hcl", stem + ".hcl.json" })
            {
                if (File.Exists(input))
                {
                    data.Add(Path.GetRelativePath(SuiteDirectory, input));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SpecCase_ParsesAndDecodesAsSpecified(string input)
    {
        Assert.True(Directory.Exists(SuiteDirectory),
            $"HashiCorp's HCL spec suite is not installed at {SuiteDirectory}; run eng/install-test-deps.sh (apt-get install golang-github-hashicorp-hcl-v2-dev).");
        var inputPath = Path.Combine(SuiteDirectory, input);
        var stem = inputPath.EndsWith(".hcl.json", StringComparison.Ordinal) ? inputPath[..^9] : inputPath[..^4];
        var expectation = SpecTestFile.Load(stem + ".t");
        var (spec, variables) = HcldecSpec.Load(stem + ".hcldec");

        var file = inputPath.EndsWith(".json", StringComparison.Ordinal)
            ? Json.HclJsonParser.ParseFile(File.ReadAllBytes(inputPath), inputPath)
            : HclParser.ParseFile(File.ReadAllBytes(inputPath), inputPath);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        var references = new List<Traversal>();
        HclValue result = HclValue.Null;
        if (!diagnostics.HasErrors)
        {
            var context = new EvalContext();
            foreach (var (name, value) in variables)
            {
                context.WithVariable(name, value);
            }

            result = spec.Decode(file.Body, context, diagnostics, references);
        }

        if (expectation.Diagnostics is { } expected)
        {
            var got = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Subject is not null)
                .Select(d => Describe(d.Subject!.Value)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), got);
            return;
        }

        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics));
        if (expectation.Result is { } wanted)
        {
            var converted = expectation.ResultType.Convert(result, default, diagnostics);
            var wantedConverted = expectation.ResultType.Convert(wanted, default, diagnostics);
            var mismatches = wantedConverted.Attributes.Where(kv => !converted.Attributes.TryGetValue(kv.Key, out var v) || !ValuesMatch(kv.Value, v))
                .Select(kv => kv.Key);
            Assert.True(ValuesMatch(wantedConverted, converted), $"expected {wantedConverted}\n     got {converted}\n differing: {string.Join(", ", mismatches)}");
        }

        if (expectation.ExpectsNoTraversals)
        {
            Assert.Empty(references);
        }
    }

    private static string Describe(SourceRange r) => $"{r.Start.Line}:{r.Start.Column}@{r.Start.Byte}-{r.End.Line}:{r.End.Column}@{r.End.Byte}";

    private static bool ValuesMatch(HclValue expected, HclValue actual)
    {
        if (expected.Kind == HclValueKind.Number && actual.Kind == HclValueKind.Number)
        {
            var e = expected.AsNumber;
            var a = actual.AsNumber;
            if (e == a)
            {
                return true;
            }

            var tolerance = HclNumber.TryParse("1e-100", out var t) ? t : HclNumber.Zero;
            var diff = e - a;
            var magnitude = e.IsNegative ? -e : e;
            var absDiff = diff.IsNegative ? -diff : diff;
            return absDiff <= magnitude * tolerance;
        }

        if (expected.IsSequence && actual.IsSequence)
        {
            return expected.Elements.Length == actual.Elements.Length
                && expected.Elements.Zip(actual.Elements).All(p => ValuesMatch(p.First, p.Second));
        }

        if (expected.IsMapping && actual.IsMapping)
        {
            return expected.Attributes.Count == actual.Attributes.Count
                && expected.Attributes.All(kv => actual.Attributes.TryGetValue(kv.Key, out var v) && ValuesMatch(kv.Value, v));
        }

        return expected.Equals(actual);
    }
}

/// <summary>A spec suite expectation file (<c>.t</c>).</summary>
internal sealed record SpecTestFile(HclValue? Result, TypeConstraint ResultType, IReadOnlyList<string>? Diagnostics, bool ExpectsNoTraversals)
{
    public static SpecTestFile Load(string path)
    {
        var file = HclParser.ParseFile(File.ReadAllBytes(path), path);
        Assert.False(file.Diagnostics.HasErrors, string.Join("\n", file.Diagnostics));
        var diagnostics = new DiagnosticBag();
        var content = file.Body.Content(new BodySchema([new("result"), new("result_type")],
            [new BlockHeaderSchema("diagnostics"), new BlockHeaderSchema("traversals")]), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics));
        var result = content.Attributes.TryGetValue("result", out var r) ? r.Expression.Evaluate(EvalContext.Empty, diagnostics) : null;
        var type = content.Attributes.TryGetValue("result_type", out var t) ? TypeConstraint.Parse(t.Expression) : TypeConstraint.Any;
        List<string>? expected = null;
        var noTraversals = false;
        foreach (var block in content.Blocks)
        {
            if (block.Type == "traversals")
            {
                noTraversals = block.Body.Content(BodySchema.Empty, new DiagnosticBag()).Blocks.Count == 0;
                continue;
            }

            expected = [];
            var severities = block.Body.Content(new BodySchema([], [new BlockHeaderSchema("error"), new BlockHeaderSchema("warning")]), diagnostics);
            foreach (var d in severities.Blocks.Where(b => b.Type == "error"))
            {
                var range = d.Body.Content(new BodySchema([], [new BlockHeaderSchema("from"), new BlockHeaderSchema("to")]), diagnostics);
                var from = Pos(range.Blocks.Single(b => b.Type == "from"));
                var to = Pos(range.Blocks.Single(b => b.Type == "to"));
                expected.Add($"{from}-{to}");
            }
        }

        return new SpecTestFile(result, type, expected, noTraversals);

        string Pos(HclBlock b)
        {
            var attrs = b.Body.JustAttributes(diagnostics);
            string N(string name) => attrs[name].Expression.Evaluate(EvalContext.Empty, diagnostics).AsNumber.ToString();
            return $"{N("line")}:{N("column")}@{N("byte")}";
        }
    }
}
