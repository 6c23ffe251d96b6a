using CsCheck;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Formatting;
using Mesh.Hcl.Functions;
using Mesh.Hcl.Json;

namespace Mesh.Hcl.Tests;

/// <summary>
/// Property tests: no input, however mangled, may make the parsers or the evaluator throw, hang or run away with
/// memory. Inputs are random token soups and mutations of a realistic rules file.
/// </summary>
public sealed class ParserRobustnessTests
{
    private const string Seed = """
        variable "canary_weight" { default = 10 }
        locals { hosts = [for h in ["a", "b"] : upper(h)] }
        virtual_service "reviews" {
          hosts = ["reviews", "${local.hosts[0]}.example"]
          http "default" {
            match {
              headers = { "end-user" = { exact = "jason" } }
            }
            route {
              destination = "reviews"
              weight      = 100 - var.canary_weight
            }
            retries {
              attempts = 3 # comment
              retry_on = ["5xx", "reset"]
            }
            fault {
              delay {
                fixed = "3s"
              }
            }
            description = <<-EOT
              %{ for x in [1, 2] }${x}%{ endfor ~}
              text
            EOT
          }
        }
        """;

    private static readonly string[] Fragments =
    [
        "a", "b", " ", "\n", "=", "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "~}", "}", "<<EOT\n", "EOT\n", "<<-X\n", "X",
        "for", "in", "if", "else", "endif", "endfor", ":", "=>", "...", ",", ".", "*", "[*]", "?", "1", "1.5e3", "-", "!", "&&",
        "||", "==", "<=", "#", "//", "/*", "*/", "\\", "\\u00", "'", "`", ";", "é", "👩‍👩‍👧‍👦", "\t", "\r\n", "null", "true",
    ];

    [Fact]
    public void ParseAndEvaluate_RandomTokenSoup_NeverThrows()
    {
        Gen.Int[0, Fragments.Length - 1].Array[0, 60]
            .Select(indexes => string.Concat(indexes.Select(i => Fragments[i])))
            .Sample(Exercise, iter: 4000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void ParseAndEvaluate_MutatedRulesFile_NeverThrows()
    {
        Gen.Select(Gen.Int[0, Seed.Length], Gen.Int[0, 8], Gen.Int[0, Fragments.Length - 1], Gen.Int[0, 2])
            .Select((at, length, fragment, operation) =>
            {
                var end = Math.Min(Seed.Length, at + length);
                return operation switch
                {
                    0 => Seed[..at] + Seed[end..],
                    1 => Seed[..at] + Fragments[fragment] + Seed[at..],
                    _ => Seed[..at] + Fragments[fragment] + Seed[end..],
                };
            })
            .Sample(Exercise, iter: 3000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void ParseJson_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            HclJsonParser.ParseFile(bytes, "fuzz.hcl.json");
            HclParser.ParseFile(bytes, "fuzz.hcl");
        }, iter: 3000, seed: "0N0XIzNsQ0O2");
    }

    private static void Exercise(string source)
    {
        var file = HclParser.ParseFile(source, "fuzz.hcl");
        var context = new EvalContext().WithFunctions(StandardFunctions.All);
        var diagnostics = new DiagnosticBag();
        if (file.Body is Native.NativeBody body)
        {
            EvaluateAll(body, context, diagnostics);
        }

        HclFormatter.Format(source);
        HclParser.ParseExpression(source, "fuzz.hcl", new DiagnosticBag()).Evaluate(context, new DiagnosticBag());
        HclParser.ParseTemplate(source, "fuzz.hcl", SourcePos.Start, new DiagnosticBag()).Evaluate(context, new DiagnosticBag());
    }

    private static void EvaluateAll(Native.NativeBody body, EvalContext context, DiagnosticBag diagnostics)
    {
        foreach (var attribute in body.Attributes)
        {
            attribute.Expression.Evaluate(context, diagnostics);
            attribute.Expression.Variables();
        }

        foreach (var block in body.Blocks)
        {
            if (block.Body is Native.NativeBody nested)
            {
                EvaluateAll(nested, context, diagnostics);
            }
        }
    }
}
