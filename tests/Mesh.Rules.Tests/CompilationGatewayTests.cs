using System.Text.RegularExpressions;
using Mesh.Rules.Compilation;
using Mesh.Rules.Validation;
using Mesh.Snapshots;
using Mesh.Snapshots.Gateways;
using static Mesh.Rules.Tests.CompilationFixtures;

namespace Mesh.Rules.Tests;

public sealed class CompilationGatewayTests
{
    private const string Shop = """
        gateway "public" {
          selector = { gateway = "ingress" }
          server {
            port     = 443
            protocol = "https"
            hosts    = ["shop.example.com"]
            tls {
              mode        = "simple"
              certificate = "/etc/mesh/tls/shop.crt"
              private_key = "/etc/mesh/tls/shop.key"
            }
          }
          server {
            port           = 80
            protocol       = "http"
            hosts          = ["shop.example.com"]
            https_redirect = true
          }
        }

        virtual_service "shop" {
          hosts    = ["shop.example.com"]
          gateways = ["public"]
          http "pages" {
            match {
              uri = { prefix = "/" }
            }
            route {
              destination = "productpage.service.consul"
            }
          }
        }
        """;

    [Fact]
    public void Compile_Gateway_ProducesSnapshotWithServersRoutesAndClusters()
    {
        var result = Compile(Shop);

        var gw = result.Host("gateway:public");
        Assert.Equal([(80, PortProtocol.Http), (443, PortProtocol.Https)], gw.Ports.Select(p => (p.Number, p.Protocol)));
        var settings = gw.Gateway!;
        Assert.Equal("ingress", settings.Selector["gateway"]);
        Assert.Equal(2, settings.Servers.Count);
        Assert.Equal((GatewayTlsMode.Simple, "/etc/mesh/tls/shop.crt", "/etc/mesh/tls/shop.key"), (settings.Servers[0].Tls!.Mode, settings.Servers[0].Tls!.Certificate, settings.Servers[0].Tls!.PrivateKey));
        Assert.True(settings.Servers[1].HttpsRedirect);
        Assert.Equal(["shop.example.com"], settings.Servers[1].Hosts);

        var route = Assert.Single(gw.Http);
        Assert.Equal("productpage", Assert.Single(route.Route).Host);
        var authority = route.Match.Single().Authority!.Regex!;
        Assert.Matches(authority, "shop.example.com:443");
        Assert.DoesNotMatch(new Regex(authority), "shop.example.com.evil.io");
        Assert.Equal("productpage", Assert.Single(gw.Clusters).Host);
    }

    [Fact]
    public void Compile_GatewayOnlyVirtualService_DoesNotTouchMeshRoutes()
    {
        var result = Compile(Shop);

        Assert.DoesNotContain(result.Snapshots, s => s.Host == "shop.example.com");
        Assert.Equal("default", Assert.Single(result.Host("productpage").Http).Name);
        Assert.All(result.Snapshots.Where(s => !s.Host.StartsWith("gateway:", StringComparison.Ordinal)), s => Assert.Null(s.Gateway));
    }

    [Fact]
    public void Compile_RouteToUndefinedSubsetAndUnknownHost_Warns()
    {
        var result = Compile("""
            virtual_service "ratings" {
              hosts = ["ratings"]
              http "all" {
                route {
                  destination = "ratings"
                  subset      = "v9"
                }
                mirror {
                  destination = "nowhere"
                }
              }
            }
            """);

        Assert.Contains(result.Findings, f => f.Code == RuleCodes.UnknownSubset);
        Assert.Contains(result.Findings, f => f.Code == CompileCodes.UnknownDestination && f.Detail.Contains("nowhere", StringComparison.Ordinal));
        Assert.Equal(["nowhere", "ratings"], result.Host("ratings").Clusters.Select(c => c.Host));
    }
}
