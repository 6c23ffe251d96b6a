using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Serialization;
using Mesh.Rules.Validation;
using Mesh.Snapshots.Clusters;

namespace Mesh.Rules.Tests;

/// <summary><c>port_level_settings "port"</c> in a destination rule's traffic policies: loading, validation, snapshot, round trips.</summary>
public sealed class PortLevelSettingsTests
{
    private const string Rule = """
        destination_rule "reviews" {
          host = "reviews"
          traffic_policy {
            load_balancer { simple = "round_robin" }
            port_level_settings "9080" {
              load_balancer { simple = "least_request" }
              connection_pool {
                tcp { max_connections = 10 }
              }
              outlier_detection { consecutive_5xx_errors = 2 }
              tls { mode = "simple" }
            }
            port_level_settings "9443" {
              tls {
                mode = "simple"
                sni  = "reviews.internal"
              }
            }
          }
          subset "v2" {
            labels = { version = "v2" }
            traffic_policy {
              port_level_settings "9080" {
                load_balancer { simple = "random" }
              }
            }
          }
        }

        """;

    [Fact]
    public void Compile_PortLevelSettings_ReachTheClusterAndTheSubset()
    {
        var result = CompilationFixtures.Compile(Rule);

        var clusters = result.Host("reviews").Clusters;
        var reviews = clusters.Single(c => c.Host == "reviews");
        var cluster = reviews.TrafficPolicy!;
        Assert.Equal(LoadBalancerKind.RoundRobin, cluster.LoadBalancer!.Simple);
        var p9080 = cluster.PortLevelSettings.Single(p => p.Port == 9080);
        Assert.Equal(LoadBalancerKind.LeastRequest, p9080.LoadBalancer!.Simple);
        Assert.Equal(10, p9080.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(2, p9080.OutlierDetection!.Consecutive5xxErrors);
        Assert.Equal(TlsMode.Simple, p9080.Tls!.Mode);
        Assert.Equal("reviews.internal", cluster.PortLevelSettings.Single(p => p.Port == 9443).Tls!.Sni);

        // A subset that lists its own port settings replaces the rule's list (Istio's merge of subset policies).
        var v2 = reviews.Subsets.Single(s => s.Name == "v2").TrafficPolicy!;
        Assert.Equal(LoadBalancerKind.Random, Assert.Single(v2.PortLevelSettings).LoadBalancer!.Simple);
    }

    [Fact]
    public void Validate_ValidPortLevelSettings_NoFinding()
    {
        Assert.DoesNotContain(TestFiles.Check(Rule), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("http")]
    public void Validate_LabelNotAPort_MESH0116OnTheLabel(string label)
    {
        var found = TestFiles.Check($$"""
            destination_rule "reviews" {
              host = "reviews"
              traffic_policy {
                port_level_settings "{{label}}" {
                  load_balancer { simple = "random" }
                }
              }
            }
            """);

        var hit = Assert.Single(found, d => d.Code == RuleCodes.BadNumber);
        Assert.Equal(4, hit.Subject!.Value.Start.Line);
        Assert.Contains($"\"{label}\"", hit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamePortTwice_DuplicateOnTheSecond()
    {
        var found = TestFiles.Check("""
            destination_rule "reviews" {
              host = "reviews"
              traffic_policy {
                port_level_settings "9080" {
                  load_balancer { simple = "random" }
                }
                port_level_settings "9080" {
                  load_balancer { simple = "round_robin" }
                }
              }
            }
            """);

        var hit = Assert.Single(found, d => d.Code == RuleCodes.DuplicateName);
        Assert.Equal(7, hit.Subject!.Value.Start.Line);
    }

    [Fact]
    public void Validate_BadDurationInsideAPort_IsReportedOnItsLine()
    {
        var found = TestFiles.Check("""
            destination_rule "reviews" {
              host = "reviews"
              traffic_policy {
                port_level_settings "9080" {
                  outlier_detection { interval = "soon" }
                }
              }
            }
            """);

        var hit = Assert.Single(found, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(5, hit.Subject!.Value.Start.Line);
        Assert.Contains("\"interval\"", hit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_PortLevelSettings_RoundTripJsonAndHcl()
    {
        var bundle = TestFiles.Load(Rule);
        Assert.False(bundle.Diagnostics.HasErrors, TestFiles.Dump(bundle));
        var resource = Assert.Single(bundle.Rules.Resources);

        Assert.Equal(resource, ResourceJson.Deserialize(resource.Kind, ResourceJson.Serialize(resource)));
        var text = ResourceHclWriter.Write([resource]);
        Assert.Contains("port_level_settings \"9443\"", text, StringComparison.Ordinal);
        Assert.Equal(resource, Assert.Single(TestFiles.Load(text, "written.hcl").Rules.Resources));
    }
}
