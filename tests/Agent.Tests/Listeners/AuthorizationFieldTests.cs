using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Identity;
using Mesh.Snapshots.Security;
using Microsoft.AspNetCore.Http;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Every field of a rule, one table each: whether an allow policy with only that field matches a request.</summary>
public sealed class AuthorizationFieldTests
{
    private static readonly AuthorizationRequest Base = new()
    {
        Principal = new SpiffeId("mesh.local", "shop", "web"),
        SourceIp = IPAddress.Parse("10.1.2.3"),
        DestinationIp = IPAddress.Parse("10.9.9.9"),
        Host = "Orders.Shop:8080",
        Method = "GET",
        Path = "/api/orders",
        Port = 8080,
        Sni = "orders.shop.mesh",
        Headers = new HeaderDictionary { ["x-tenant"] = "acme" },
    };

    private static bool Matches(AuthorizationRule rule, AuthorizationRequest? request = null)
        => AuthorizationEvaluator.Evaluate([new AuthorizationPolicy { Name = "p", Rules = [rule] }], request ?? Base).Allowed;

    private static bool From(AuthorizationSource source, AuthorizationRequest? request = null) => Matches(new AuthorizationRule { From = [source] }, request);

    private static bool To(AuthorizationOperation operation, AuthorizationRequest? request = null) => Matches(new AuthorizationRule { To = [operation] }, request);

    [Theory]
    [InlineData("spiffe://mesh.local/ns/shop/svc/web", true)]
    [InlineData("mesh.local/ns/shop/svc/web", true)]
    [InlineData("shop/web", true)]
    [InlineData("shop/orders", false)]
    [InlineData("spiffe://mesh.local/ns/shop/*", true)]
    [InlineData("spiffe://mesh.local/ns/other/*", false)]
    [InlineData("*/svc/web", true)]
    [InlineData("*/svc/orders", false)]
    [InlineData("*", true)]
    [InlineData("spiffe://mesh.local/ns/shop/svc/WEB", false)]
    public void Principals_Patterns(string pattern, bool expected)
    {
        Assert.Equal(expected, From(new AuthorizationSource { Principals = [pattern] }));
        Assert.Equal(!expected, From(new AuthorizationSource { NotPrincipals = [pattern] }));
    }

    [Fact]
    public void Principals_PlainTextPeer_MatchesNoPrincipalNotEvenStar()
    {
        var plain = Base with { Principal = null };

        Assert.False(From(new AuthorizationSource { Principals = ["*"] }, plain));
        Assert.True(From(new AuthorizationSource { NotPrincipals = ["shop/web"] }, plain));
        Assert.False(From(new AuthorizationSource { Namespaces = ["*"] }, plain));
    }

    [Theory]
    [InlineData("shop", true)]
    [InlineData("sh*", true)]
    [InlineData("*op", true)]
    [InlineData("other", false)]
    public void Namespaces_Patterns(string pattern, bool expected)
    {
        Assert.Equal(expected, From(new AuthorizationSource { Namespaces = [pattern] }));
        Assert.Equal(!expected, From(new AuthorizationSource { NotNamespaces = [pattern] }));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("10.1.2.3", "10.1.2.3", true)]
    [InlineData("10.1.2.3", "10.1.2.3/32", true)]
    [InlineData("10.1.2.3", "10.1.2.4", false)]
    [InlineData("10.1.2.3", "10.1.2.0/30", true)]
    [InlineData("10.1.2.3", "10.1.2.4/30", false)]
    [InlineData("10.1.2.3", "10.200.0.1/8", true)]
    [InlineData("10.1.2.3", "fd00::/8", false)]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("fd00::1", "fd00::/8", true)]
    [InlineData("fd00::1", "fd00::1", true)]
    [InlineData("fe80::1", "fd00::/8", false)]
    [InlineData("2001:db8:1::5", "2001:db8::/33", true)]
    [InlineData("2001:db8:8000::5", "2001:db8::/33", false)]
    public void IpBlocks_V4V6AndSingleAddresses(string source, string block, bool expected)
    {
        var request = Base with { SourceIp = IPAddress.Parse(source) };

        Assert.Equal(expected, From(new AuthorizationSource { IpBlocks = [block] }, request));
        Assert.Equal(!expected, From(new AuthorizationSource { NotIpBlocks = [block] }, request));
        Assert.Equal(expected, From(new AuthorizationSource { RemoteIpBlocks = [block] }, request));
        Assert.Equal(!expected, From(new AuthorizationSource { NotRemoteIpBlocks = [block] }, request));
    }

    [Theory]
    [InlineData("Orders.Shop:8080", "orders.shop", true)]
    [InlineData("orders.shop", "ORDERS.SHOP", true)]
    [InlineData("orders.shop", "*.shop", true)]
    [InlineData("orders.shop", "orders.*", true)]
    [InlineData("orders.shop", "*", true)]
    [InlineData("orders.shop", "payments.shop", false)]
    [InlineData("[fd00::1]:8080", "[fd00::1]", true)]
    [InlineData("10.9.9.9:8080", "10.9.9.9", true)]
    public void Hosts_PortStrippedCaseInsensitiveWildcards(string host, string pattern, bool expected)
    {
        var request = Base with { Host = host };

        Assert.Equal(expected, To(new AuthorizationOperation { Hosts = [pattern] }, request));
        Assert.Equal(!expected, To(new AuthorizationOperation { NotHosts = [pattern] }, request));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)]
    public void Methods_ExactAsIstio(string method, bool expected)
    {
        Assert.Equal(expected, To(new AuthorizationOperation { Methods = [method] }));
        Assert.Equal(!expected, To(new AuthorizationOperation { NotMethods = [method] }));
    }

    [Theory]
    [InlineData("/api/orders", true)]
    [InlineData("/api/orders/", false)]
    [InlineData("/api/*", true)]
    [InlineData("/admin/*", false)]
    [InlineData("*/orders", true)]
    [InlineData("*/users", false)]
    [InlineData("*", true)]
    [InlineData("/API/orders", false)]
    public void Paths_ExactPrefixSuffix(string pattern, bool expected)
    {
        Assert.Equal(expected, To(new AuthorizationOperation { Paths = [pattern] }));
        Assert.Equal(!expected, To(new AuthorizationOperation { NotPaths = [pattern] }));
    }

    [Theory]
    [InlineData(8080, true)]
    [InlineData(9090, false)]
    public void Ports_Exact(int port, bool expected)
    {
        Assert.Equal(expected, To(new AuthorizationOperation { Ports = [port] }));
        Assert.Equal(!expected, To(new AuthorizationOperation { NotPorts = [port] }));
    }

    [Theory]
    [InlineData("request.headers[x-tenant]", "acme", true)]
    [InlineData("request.headers[x-tenant]", "ac*", true)]
    [InlineData("request.headers[x-tenant]", "*me", true)]
    [InlineData("request.headers[x-tenant]", "*", true)]
    [InlineData("request.headers[X-Tenant]", "acme", true)]
    [InlineData("request.headers[x-tenant]", "other", false)]
    [InlineData("request.headers[x-missing]", "*", false)]
    [InlineData("source.ip", "10.0.0.0/8", true)]
    [InlineData("source.ip", "10.1.2.3", true)]
    [InlineData("source.ip", "192.168.0.0/16", false)]
    [InlineData("remote.ip", "10.1.0.0/16", true)]
    [InlineData("remote.ip", "172.16.0.0/12", false)]
    [InlineData("destination.ip", "10.9.9.9", true)]
    [InlineData("destination.ip", "10.9.0.0/16", true)]
    [InlineData("destination.ip", "10.1.2.3", false)]
    [InlineData("destination.port", "8080", true)]
    [InlineData("destination.port", "9090", false)]
    [InlineData("source.namespace", "shop", true)]
    [InlineData("source.namespace", "other", false)]
    [InlineData("source.principal", "mesh.local/ns/shop/svc/web", true)]
    [InlineData("source.principal", "spiffe://mesh.local/ns/shop/svc/web", true)]
    [InlineData("source.principal", "*/svc/web", true)]
    [InlineData("source.principal", "mesh.local/ns/shop/svc/orders", false)]
    [InlineData("connection.sni", "orders.shop.mesh", true)]
    [InlineData("connection.sni", "*.mesh", true)]
    [InlineData("connection.sni", "payments.shop.mesh", false)]
    public void Conditions_EachSupportedKey_ValuesAndNotValues(string key, string value, bool expected)
    {
        Assert.Equal(expected, Matches(new AuthorizationRule { When = [new AuthorizationCondition { Key = key, Values = [value] }] }));
        Assert.Equal(!expected, Matches(new AuthorizationRule { When = [new AuthorizationCondition { Key = key, NotValues = [value] }] }));
    }

    [Fact]
    public void Conditions_PlainTextPeer_SniAndPrincipalKeysDoNotMatch()
    {
        var plain = Base with { Principal = null, Sni = null };

        Assert.False(Matches(new AuthorizationRule { When = [new AuthorizationCondition { Key = "connection.sni", Values = ["*"] }] }, plain));
        Assert.False(Matches(new AuthorizationRule { When = [new AuthorizationCondition { Key = "source.principal", Values = ["*"] }] }, plain));
    }

    [Fact]
    public void Conditions_KeyTheListenerCannotEvaluate_FailsClosed()
    {
        var condition = new AuthorizationCondition { Key = "request.auth.claims[groups]", Values = ["admins"] };
        var rule = new AuthorizationRule { When = [condition] };

        Assert.False(AuthorizationEvaluator.Evaluate([new AuthorizationPolicy { Name = "allow", Rules = [rule] }], Base).Allowed);
        Assert.False(AuthorizationEvaluator.Evaluate([new AuthorizationPolicy { Name = "deny", Action = AuthorizationAction.Deny, Rules = [rule] }], Base).Allowed);
    }

    [Fact]
    public void Rules_SeveralRules_AreOred()
    {
        var policy = new AuthorizationPolicy
        {
            Name = "p",
            Rules =
            [
                new AuthorizationRule { To = [new AuthorizationOperation { Methods = ["POST"] }] },
                new AuthorizationRule { To = [new AuthorizationOperation { Paths = ["/api/*"] }] },
            ],
        };

        Assert.True(AuthorizationEvaluator.Evaluate([policy], Base).Allowed);
        Assert.False(AuthorizationEvaluator.Evaluate([policy], Base with { Path = "/admin" }).Allowed);
        Assert.True(AuthorizationEvaluator.Evaluate([policy], Base with { Path = "/admin", Method = "POST" }).Allowed);
    }

    [Fact]
    public void Rules_FromToAndWhenWithinARule_AreAnded()
    {
        var rule = new AuthorizationRule
        {
            From = [new AuthorizationSource { Namespaces = ["shop"] }],
            To = [new AuthorizationOperation { Methods = ["GET"] }],
            When = [new AuthorizationCondition { Key = "request.headers[x-tenant]", Values = ["acme"] }],
        };

        Assert.True(Matches(rule));
        Assert.False(Matches(rule, Base with { Principal = new SpiffeId("mesh.local", "other", "web") }));
        Assert.False(Matches(rule, Base with { Method = "DELETE" }));
        Assert.False(Matches(rule, Base with { Headers = new HeaderDictionary { ["x-tenant"] = "globex" } }));
    }

    [Fact]
    public void Fields_WithinOneSourceOrOperation_AreAnded()
    {
        Assert.True(From(new AuthorizationSource { Namespaces = ["shop"], IpBlocks = ["10.0.0.0/8"] }));
        Assert.False(From(new AuthorizationSource { Namespaces = ["shop"], IpBlocks = ["192.168.0.0/16"] }));
        Assert.False(To(new AuthorizationOperation { Methods = ["GET"], Paths = ["/admin*"] }));
        Assert.False(To(new AuthorizationOperation { Paths = ["/api/*"], NotPaths = ["/api/orders"] }));
    }

    [Fact]
    public void Sources_SeveralFromBlocks_AreOred()
    {
        var rule = new AuthorizationRule { From = [new AuthorizationSource { Namespaces = ["other"] }, new AuthorizationSource { IpBlocks = ["10.1.0.0/16"] }] };

        Assert.True(Matches(rule));
    }

    [Fact]
    public void Values_WithinOneField_AreOred()
    {
        Assert.True(To(new AuthorizationOperation { Methods = ["POST", "GET"] }));
        Assert.True(From(new AuthorizationSource { Principals = ["shop/orders", "shop/web"] }));
        Assert.False(To(new AuthorizationOperation { NotMethods = ["POST", "GET"] }));
        Assert.True(Matches(new AuthorizationRule { When = [new AuthorizationCondition { Key = "destination.port", Values = ["80", "8080"] }] }));
    }

    [Fact]
    public void Conditions_SeveralWhenBlocks_AreAnded()
    {
        var rule = new AuthorizationRule
        {
            When =
            [
                new AuthorizationCondition { Key = "source.namespace", Values = ["shop"] },
                new AuthorizationCondition { Key = "destination.port", Values = ["9090"] },
            ],
        };

        Assert.False(Matches(rule));
    }
}
