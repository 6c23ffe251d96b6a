using static Mesh.Rules.Tests.CompilationFixtures;

namespace Mesh.Rules.Tests;

public sealed class CompilationRoutingTests
{
    [Fact]
    public void Compile_ConsulDnsHostName_ResolvesToTheShortServiceHost()
    {
        var result = Compile("""
            virtual_service "ratings" {
              hosts = ["ratings.service.consul"]
              http "to-reviews" {
                route {
                  destination = "reviews.service.consul"
                }
              }
            }
            """);

        Assert.DoesNotContain(result.Snapshots, s => s.Host.EndsWith(".service.consul", StringComparison.Ordinal));
        var ratings = result.Host("ratings");
        Assert.Equal("to-reviews", Assert.Single(ratings.Http).Name);
        Assert.Equal("reviews", ratings.Http[0].Route.Single().Host);
        Assert.Equal(["ratings", "reviews"], ratings.Clusters.Select(c => c.Host));
    }

    [Fact]
    public void Compile_MatchBoundToAGateway_IsLeftOutOfMeshRoutes()
    {
        var result = Compile("""
            gateway "public" {
              server {
                port     = 80
                protocol = "http"
                hosts    = ["*"]
              }
            }

            virtual_service "ratings" {
              hosts    = ["ratings"]
              gateways = ["mesh", "public"]
              http "edge-only" {
                match {
                  uri      = { prefix = "/admin" }
                  gateways = ["public"]
                }
                route {
                  destination = "ratings"
                }
              }
              http "everyone" {
                route {
                  destination = "ratings"
                }
              }
            }
            """);

        Assert.Equal(["everyone"], result.Host("ratings").Http.Select(r => r.Name));
        Assert.Equal(["edge-only", "everyone"], result.Host("gateway:public").Http.Select(r => r.Name));
    }

    [Fact]
    public void Compile_TcpRoutes_CarryPortsAndWeights()
    {
        var result = Compile("""
            virtual_service "ratings-db" {
              hosts = ["ratings"]
              tcp "db" {
                match {
                  port = 5432
                }
                route {
                  destination = "ratings"
                  weight      = 70
                }
                route {
                  destination = "productpage"
                  weight      = 30
                }
              }
            }
            """);

        var tcp = Assert.Single(result.Host("ratings").Tcp);
        Assert.Equal([5432], tcp.Ports);
        Assert.Equal([("ratings", 70), ("productpage", 30)], tcp.Route.Select(d => (d.Host, d.Weight)));
        Assert.Empty(result.Host("ratings").Http);
    }
}
