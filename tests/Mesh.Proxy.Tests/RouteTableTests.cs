using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Tests;

public class RouteTableTests
{
    private static HttpRequest Request(string host, string path, string method = "GET", string query = "", params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static RouteTable Table(params HttpRoute[] routes) => RouteTable.Build([new ProxySnapshot { Version = "1", Host = "reviews", Http = routes }]);

    private static HttpRoute Named(string name, HttpMatch match) => new()
    {
        Name = name,
        Match = [match],
        Route = [new RouteDestination { Host = "reviews" }],
    };

    [Theory]
    [InlineData("/reviews", "exact")]
    [InlineData("/reviews/1", "prefix")]
    [InlineData("/api/v2/items", "regex")]
    [InlineData("/other", null)]
    [InlineData("/api/v2x/items", null)]
    public void Match_UriKinds_PicksExpectedRoute(string path, string? expected)
    {
        var table = Table(
            Named("exact", new HttpMatch { Uri = new StringMatch { Exact = "/reviews" } }),
            Named("prefix", new HttpMatch { Uri = new StringMatch { Prefix = "/reviews/" } }),
            Named("regex", new HttpMatch { Uri = new StringMatch { Regex = "/api/v[0-9]+/items" } }));

        Assert.Equal(expected, table.Match(Request("reviews", path))?.Name);
    }

    [Theory]
    [InlineData("GET", "jason", "", "jason-get")]
    [InlineData("POST", "jason", "", "post")]
    [InlineData("GET", "bob", "", "present")]
    [InlineData("GET", "", "?tenant=acme", "query")]
    [InlineData("GET", "", "?tenant=other", "fallback")]
    [InlineData("GET", "", "", "fallback")]
    public void Match_MethodHeadersQuery_PicksExpectedRoute(string method, string user, string query, string expected)
    {
        var table = Table(
            Named("jason-get", new HttpMatch { Method = new StringMatch { Exact = "GET" }, Headers = new Dictionary<string, StringMatch> { ["end-user"] = new() { Exact = "jason" } } }),
            Named("post", new HttpMatch { Method = new StringMatch { Exact = "POST" } }),
            Named("present", new HttpMatch { Headers = new Dictionary<string, StringMatch> { ["end-user"] = new() } }),
            Named("query", new HttpMatch { QueryParams = new Dictionary<string, StringMatch> { ["tenant"] = new() { Regex = "ac.*" } } }),
            new HttpRoute { Name = "fallback", Route = [new RouteDestination { Host = "reviews" }] });

        var headers = user.Length == 0 ? [] : new[] { ("end-user", user) };

        Assert.Equal(expected, table.Match(Request("reviews", "/", method, query, headers))?.Name);
    }

    [Fact]
    public void Match_AuthorityPrefix_MatchesAliasButNotShortName()
    {
        var table = Table(
            Named("long", new HttpMatch { Authority = new StringMatch { Prefix = "reviews.service" } }),
            new HttpRoute { Name = "short", Route = [new RouteDestination { Host = "reviews" }] });

        Assert.Equal("long", table.Match(Request("reviews.service.consul", "/"))?.Name);
        Assert.Equal("short", table.Match(Request("reviews", "/"))?.Name);
    }

    [Fact]
    public void Match_OverlappingRoutes_FirstMatchWins()
    {
        var table = Table(
            Named("first", new HttpMatch { Uri = new StringMatch { Prefix = "/" } }),
            Named("second", new HttpMatch { Uri = new StringMatch { Exact = "/exact" } }));

        Assert.Equal("first", table.Match(Request("reviews", "/exact"))?.Name);
    }

    [Fact]
    public void Match_HeaderPrefixRegexAndWithout_AllConditionsMustHold()
    {
        var table = Table(
            Named("canary", new HttpMatch
            {
                Headers = new Dictionary<string, StringMatch> { ["x-version"] = new() { Prefix = "v2" }, ["x-region"] = new() { Regex = "eu-(west|east)" } },
                WithoutHeaders = new Dictionary<string, StringMatch> { ["x-debug"] = new() },
            }));

        Assert.Equal("canary", table.Match(Request("reviews", "/", headers: [("x-version", "v2.1"), ("x-region", "eu-west")]))?.Name);
        Assert.Null(table.Match(Request("reviews", "/", headers: [("x-version", "v2.1"), ("x-region", "us-west")])));
        Assert.Null(table.Match(Request("reviews", "/", headers: [("x-version", "v2.1"), ("x-region", "eu-west"), ("x-debug", "1")])));
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("REVIEWS")]
    [InlineData("reviews:9080")]
    [InlineData("reviews.service.consul")]
    [InlineData("reviews.service.consul:80")]
    public void Match_HostWithPortCaseOrAlias_FindsHost(string host)
    {
        var table = Table(Named("any", new HttpMatch()));

        Assert.Equal("any", table.Match(Request(host, "/"))?.Name);
    }

    [Fact]
    public void Build_InvalidRegex_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => Table(Named("bad", new HttpMatch { Uri = new StringMatch { Regex = "([" } })));
    }

    [Fact]
    public void Select_SubsetLabels_KeepsOnlyMatchingEndpoints()
    {
        UpstreamEndpoint[] all =
        [
            new() { Address = "10.0.0.1", Port = 80, Labels = Snap.Version("v1") },
            new() { Address = "10.0.0.2", Port = 80, Labels = new Dictionary<string, string> { ["version"] = "v2", ["zone"] = "a" } },
            new() { Address = "10.0.0.3", Port = 80 },
        ];

        var v2 = SubsetSelector.Select(all, Snap.Version("v2"));

        Assert.Single(v2);
        Assert.Equal("10.0.0.2", v2[0].Address);
        Assert.Equal(3, SubsetSelector.Select(all, new Dictionary<string, string>()).Length);
    }
}
