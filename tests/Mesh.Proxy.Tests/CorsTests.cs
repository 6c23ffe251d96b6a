using System.Net;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Tests;

public class CorsTests
{
    private static readonly CorsPolicy s_policy = new()
    {
        AllowOrigins = [new StringMatch { Exact = "https://app.example" }, new StringMatch { Prefix = "https://admin." }, new StringMatch { Regex = @"https://[a-z]+\.shop\.example" }],
        AllowMethods = ["GET", "POST"],
        AllowHeaders = ["x-token", "content-type"],
        ExposeHeaders = ["x-upstream", "x-request-id"],
        MaxAge = TimeSpan.FromHours(1),
        AllowCredentials = true,
    };

    private static async Task<(Upstream Upstream, ProxyHarness Proxy)> StartAsync(CorsPolicy policy)
    {
        var upstream = await Upstream.StartAsync("backend");
        var proxy = await ProxyHarness.StartAsync();
        proxy.Load(Snap.Host("web", [Snap.To("web") with { Cors = policy }]));
        proxy.SetEndpoints("web", upstream);
        return (upstream, proxy);
    }

    private static Action<HttpRequestMessage> Preflight(string origin) => r =>
    {
        r.Headers.Add("Origin", origin);
        r.Headers.Add("Access-Control-Request-Method", "POST");
        r.Headers.Add("Access-Control-Request-Headers", "x-token");
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : null;

    [Theory]
    [InlineData("https://app.example")]
    [InlineData("https://admin.internal")]
    [InlineData("https://books.shop.example")]
    public async Task Preflight_AllowedOrigin_AnsweredByProxyWithoutBackend(string origin)
    {
        var (upstream, proxy) = await StartAsync(s_policy);
        await using var _ = upstream;
        await using var __ = proxy;

        using var response = await proxy.SendAsync("web", "/cart", HttpMethod.Options, Preflight(origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("x-token,content-type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "x-upstream"));
        Assert.Equal(0, upstream.Count);
    }

    [Fact]
    public async Task Preflight_OriginNotAllowed_ForwardedWithoutCorsHeaders()
    {
        var (upstream, proxy) = await StartAsync(s_policy);
        await using var _ = upstream;
        await using var __ = proxy;

        using var response = await proxy.SendAsync("web", "/cart", HttpMethod.Options, Preflight("https://evil.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backend", Header(response, "x-upstream"));
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_AllowedOrigin_ResponseCarriesOriginExposeAndCredentials()
    {
        var (upstream, proxy) = await StartAsync(s_policy);
        await using var _ = upstream;
        await using var __ = proxy;

        using var response = await proxy.SendAsync("web", "/cart", configure: r => r.Headers.Add("Origin", "https://app.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backend", await response.Content.ReadAsStringAsync());
        Assert.Equal("https://app.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("x-upstream,x-request-id", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_DisallowedOrCaseChangedOrigin_NoCorsHeaders()
    {
        var (upstream, proxy) = await StartAsync(s_policy);
        await using var _ = upstream;
        await using var __ = proxy;

        foreach (var origin in new[] { "https://evil.example", "https://APP.example", "https://books.shop.example.evil" })
        {
            using var response = await proxy.SendAsync("web", "/", configure: r => r.Headers.Add("Origin", origin));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(Header(response, "Access-Control-Allow-Origin"));
            Assert.Null(Header(response, "Access-Control-Expose-Headers"));
        }

        using var noOrigin = await proxy.SendAsync("web", "/");
        Assert.Null(Header(noOrigin, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Send_WildcardOrigin_EchoesAnyOriginWithoutCredentials()
    {
        var (upstream, proxy) = await StartAsync(new CorsPolicy { AllowOrigins = [new StringMatch { Exact = "*" }], AllowMethods = ["GET"] });
        await using var _ = upstream;
        await using var __ = proxy;

        using var preflight = await proxy.SendAsync("web", "/", HttpMethod.Options, Preflight("https://anyone.example"));
        using var actual = await proxy.SendAsync("web", "/", configure: r => r.Headers.Add("Origin", "https://anyone.example"));

        Assert.Equal("https://anyone.example", Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal("GET", Header(preflight, "Access-Control-Allow-Methods"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(preflight, "Access-Control-Max-Age"));
        Assert.Equal("https://anyone.example", Header(actual, "Access-Control-Allow-Origin"));
        Assert.Null(Header(actual, "Access-Control-Expose-Headers"));
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Options_WithoutRequestMethod_IsNotPreflightAndReachesBackend()
    {
        var (upstream, proxy) = await StartAsync(s_policy);
        await using var _ = upstream;
        await using var __ = proxy;

        using var response = await proxy.SendAsync("web", "/", HttpMethod.Options, r => r.Headers.Add("Origin", "https://app.example"));

        Assert.Equal("backend", Header(response, "x-upstream"));
        Assert.Equal("https://app.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(1, upstream.Count);
    }

    [Fact]
    public async Task Send_AllowedOriginWithFaultAbort_LocalReplyAlsoCarriesCorsHeaders()
    {
        await using var upstream = await Upstream.StartAsync("backend");
        await using var proxy = await ProxyHarness.StartAsync();
        var fault = new FaultInjection { Abort = new AbortFault { HttpStatus = 503, Percentage = 100 } };
        proxy.Load(Snap.Host("web", [Snap.To("web") with { Cors = s_policy, Fault = fault }]));
        proxy.SetEndpoints("web", upstream);

        using var preflight = await proxy.SendAsync("web", "/", HttpMethod.Options, Preflight("https://app.example"));
        using var aborted = await proxy.SendAsync("web", "/", configure: r => r.Headers.Add("Origin", "https://app.example"));

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, aborted.StatusCode);
        Assert.Equal("https://app.example", Header(aborted, "Access-Control-Allow-Origin"));
        Assert.Equal(0, upstream.Count);
    }
}
