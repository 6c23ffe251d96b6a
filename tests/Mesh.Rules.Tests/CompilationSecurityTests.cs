using Mesh.Snapshots.Security;
using static Mesh.Rules.Tests.CompilationFixtures;

namespace Mesh.Rules.Tests;

public sealed class CompilationSecurityTests
{
    private const string Policies = """
        peer_authentication "default" {
          mode = "strict"
        }

        peer_authentication "ratings-legacy" {
          selector = { service = "ratings" }
          mode     = "permissive"
        }

        authorization_policy "reviews-readers" {
          selector = { service = "reviews" }
          action   = "allow"
          rule {
            from { principals = ["default/productpage", "spiffe://other.domain/ns/x/svc/y", "*"] }
            to {
              methods = ["GET"]
              paths   = ["/reviews/*"]
              ports   = ["9080"]
            }
            when {
              key    = "request.headers[x-tenant]"
              values = ["acme"]
            }
          }
        }

        authorization_policy "deny-v3" {
          selector = { version = "v3" }
          action   = "deny"
          rule {
            from { not_principals = ["default/*"] }
          }
        }

        authorization_policy "audit-all" {
          action = "audit"
        }
        """;

    [Fact]
    public void Compile_StrictPeerAuthAndAllowPolicy_LandInReviewsInboundWithExpandedPrincipals()
    {
        var inbound = Compile(Policies).Host("reviews").Inbound;

        Assert.Equal(PeerAuthenticationMode.Strict, inbound.Mode);
        var allow = Assert.Single(inbound.Policies, p => p.Name == "reviews-readers");
        Assert.Equal(AuthorizationAction.Allow, allow.Action);
        var rule = Assert.Single(allow.Rules);
        Assert.Equal(["spiffe://mesh.local/ns/default/svc/productpage", "spiffe://other.domain/ns/x/svc/y", "*"], Assert.Single(rule.From).Principals);
        var to = Assert.Single(rule.To);
        Assert.Equal(["GET"], to.Methods);
        Assert.Equal(["/reviews/*"], to.Paths);
        Assert.Equal([9080], to.Ports);
        Assert.Equal(["acme"], Assert.Single(rule.When).Values);
    }

    [Fact]
    public void Compile_LabelSelectorAndMeshWidePolicies_SelectByInstanceMeta()
    {
        var result = Compile(Policies);

        Assert.Equal(["audit-all", "deny-v3", "reviews-readers"], result.Host("reviews").Inbound.Policies.Select(p => p.Name));
        var deny = result.Host("reviews").Inbound.Policies[1];
        Assert.Equal(["spiffe://mesh.local/ns/default/svc/*"], deny.Rules[0].From[0].NotPrincipals);
        Assert.Equal(["audit-all"], result.Host("productpage").Inbound.Policies.Select(p => p.Name));
    }

    [Fact]
    public void Compile_SelectorScopedPeerAuth_WinsOverMeshWide()
    {
        var result = Compile(Policies);

        Assert.Equal(PeerAuthenticationMode.Permissive, result.Host("ratings").Inbound.Mode);
        Assert.Equal(PeerAuthenticationMode.Strict, result.Host("productpage").Inbound.Mode);
    }

    [Fact]
    public void Compile_NoPeerAuthentication_DefaultsToPermissive()
    {
        var result = Compile("""
            destination_rule "ratings" {
              host = "ratings"
            }
            """);

        Assert.All(result.Snapshots, s => Assert.Equal(PeerAuthenticationMode.Permissive, s.Inbound.Mode));
        Assert.All(result.Snapshots, s => Assert.Empty(s.Inbound.Policies));
    }

    [Fact]
    public void Compile_CatalogTrustDomain_IsUsedForShortPrincipals()
    {
        var catalog = Bookinfo() with { TrustDomain = "prod.example" };

        var inbound = Compile(Policies, catalog).Host("reviews").Inbound;

        Assert.Equal("spiffe://prod.example/ns/default/svc/productpage", inbound.Policies.Single(p => p.Name == "reviews-readers").Rules[0].From[0].Principals[0]);
    }
}
