using Mesh.Rules.Loading;
using Mesh.Rules.Model;

namespace Mesh.Rules.Tests;

public sealed class VariableTests
{
    private const string Rules = """
        variable "canary_weight" {
          type    = number
          default = 10
        }
        variable "host" {
          type = string
        }
        variable "extra_hosts" {
          type    = list(string)
          default = []
        }

        virtual_service "reviews" {
          hosts = concat([var.host], var.extra_hosts)
          http "default" {
            route {
              destination = var.host
              weight      = 100 - var.canary_weight
            }
            route {
              destination = var.host
              weight      = var.canary_weight
            }
          }
        }
        """;

    private static RuleBundle Load(IReadOnlyList<(string, string)> varFiles, Dictionary<string, string> vars)
        => RuleBundleLoader.Load([("rules.hcl", Rules)], varFiles, vars);

    private static VirtualService Service(RuleBundle bundle)
    {
        Assert.False(bundle.Diagnostics.HasErrors, TestFiles.Dump(bundle));
        return bundle.Rules.OfKind<VirtualService>().Single();
    }

    [Fact]
    public void Load_CliVariable_OverridesDefaultAndConvertsToNumber()
    {
        var vs = Service(Load([], new() { ["host"] = "reviews", ["canary_weight"] = "25" }));

        Assert.Equal([75, 25], vs.Http[0].Route.Select(r => r.Weight ?? 0));
        Assert.Equal(["reviews"], vs.Hosts);
    }

    [Fact]
    public void Load_VarFile_SetsValuesAndCliWins()
    {
        var varFile = ("prod.hcl", "host = \"ratings\"\nextra_hosts = [\"ratings.example\"]\ncanary_weight = 40\n");

        var vs = Service(Load([varFile], new() { ["canary_weight"] = "5" }));

        Assert.Equal(["ratings", "ratings.example"], vs.Hosts);
        Assert.Equal([95, 5], vs.Http[0].Route.Select(r => r.Weight ?? 0));
    }

    [Fact]
    public void Load_MissingRequiredVariable_ReportsIt()
    {
        var bundle = Load([], []);

        var d = Assert.Single(bundle.Diagnostics, d => d.Summary == "No value for required variable");
        Assert.Contains("\"host\"", d.Detail, StringComparison.Ordinal);
        Assert.Equal(5, d.Subject!.Value.Start.Line);
    }

    [Fact]
    public void Load_UnknownCliVariable_NamesIt()
    {
        var bundle = Load([], new() { ["host"] = "x", ["canary_wieght"] = "1" });

        var d = Assert.Single(bundle.Diagnostics, d => d.Summary == "Value for undeclared variable");
        Assert.Contains("\"canary_wieght\"", d.Detail, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"canary_weight\"?", d.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CliValueOfWrongType_IsAnError()
    {
        var bundle = Load([], new() { ["host"] = "x", ["canary_weight"] = "\"ten\"" });

        var d = Assert.Single(bundle.Diagnostics, d => d.Summary == "Invalid value for variable");
        Assert.Contains("number", d.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LocalsInDependencyOrder_Evaluate()
    {
        var bundle = TestFiles.Load("""
            locals {
              host = "${local.base}.svc"
            }
            locals {
              base = lower(local.name)
              name = "REVIEWS"
            }
            destination_rule "r" {
              host = local.host
            }
            """);

        Assert.Empty(bundle.Diagnostics);
        Assert.Equal("reviews.svc", bundle.Rules.OfKind<DestinationRule>().Single().Host);
    }

    [Fact]
    public void Load_LocalsCycle_NamesTheLocalsInIt()
    {
        var bundle = TestFiles.Load("locals {\n  a = local.b\n  b = local.c\n  c = local.a\n  d = 1\n}\n");

        var d = Assert.Single(bundle.Diagnostics, d => d.Summary == "Cycle in local values");
        Assert.Contains("\"a\", \"b\", \"c\"", d.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateLocal_IsAnError()
    {
        var bundle = TestFiles.Load("locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n");

        var d = Assert.Single(bundle.Diagnostics);
        Assert.Equal("Duplicate local value definition", d.Summary);
        Assert.Equal(5, d.Subject!.Value.Start.Line);
    }

    [Fact]
    public void Load_JsonSyntaxFile_DecodesLikeNative()
    {
        var bundle = RuleBundleLoader.Load(("rules.hcl.json", """{"peer_authentication": {"default": {"mode": "strict"}}}"""));

        Assert.Empty(bundle.Diagnostics);
        Assert.Equal(MtlsMode.Strict, bundle.Rules.OfKind<PeerAuthentication>().Single().Mode);
    }
}
