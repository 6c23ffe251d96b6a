using System.Net;
using System.Text;
using Mesh.Agent.Tests.Gateways;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>
/// A sidecar calling meshed hosts that are not among its upstreams (by <c>Host</c> on its outbound listener) applies
/// their compiled snapshots: virtual service routes and destination rule policies, <c>tls</c> included. Real agents,
/// a real development catalog, Kestrel backends.
/// </summary>
public sealed class EgressHostSnapshotTests
{
    private const string External = "api.external.test";

    private static ProxySnapshot Reviews(string version, params HttpRoute[] routes) => new()
    {
        Version = version,
        Host = "reviews",
        Http = routes,
        Clusters =
        [
            new Cluster
            {
                Host = "reviews",
                Subsets =
                [
                    new Subset { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } },
                    new Subset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" } },
                ],
            },
        ],
    };

    private static HttpRoute ToSubset(string subset, params HttpMatch[] match) =>
        new() { Name = "to-" + subset, Match = match, Route = [new RouteDestination { Host = "reviews", Subset = subset }] };

    private static Task<(HttpStatusCode Status, string Body)> SendAsync(IPEndPoint listener, string host, string? user = null) =>
        user is null ? MeshTestEnvironment.GetAsync(listener, "/v1", host) : MeshTestEnvironment.GetAsync(listener, "/v1", host, ("end-user", user));

    /// <summary>reviews v1 and v2 registered in the catalog, and web's sidecar whose only upstream is <c>orders</c>.</summary>
    private static async Task<(Mesh.Agent.Hosting.AgentHost Agent, IPEndPoint Outbound)> StartWebCallingReviewsAsync(MeshTestEnvironment env)
    {
        var v1 = await env.StartAppAsync("reviews-v1");
        var v2 = await env.StartAppAsync("reviews-v2");
        await env.RegisterInstanceAsync("reviews", "reviews-1", v1.Port, "v1");
        await env.RegisterInstanceAsync("reviews", "reviews-2", v2.Port, "v2");
        var web = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", web.Port, "orders")));
        return (agent, agent.GetOutboundEndPoint("web", "orders")!);
    }

    [Fact]
    public async Task HostOutsideUpstreams_VirtualServiceToSubsetV2_EveryRequestFromTheFirstReachesV2AndChangesApply()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Reviews("1", ToSubset("v2")));
        var (agent, outbound) = await StartWebCallingReviewsAsync(env);

        for (var i = 0; i < 10; i++)
        {
            var (status, body) = await SendAsync(outbound, "reviews");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("reviews-v2|", body, StringComparison.Ordinal);
        }

        await env.WriteSnapshotAsync(Reviews("2", ToSubset("v1")));
        await EventuallyAsync(async () => (await SendAsync(outbound, "reviews")).Body.StartsWith("reviews-v1|", StringComparison.Ordinal), "the new route to v1 is applied");
        for (var i = 0; i < 10; i++)
        {
            Assert.StartsWith("reviews-v1|", (await SendAsync(outbound, "reviews")).Body, StringComparison.Ordinal);
        }

        await EventuallyAsync(
            async () => (await AgentIntegrationTests.ReportAsync(env, "node-a", "web"))?.RootElement.GetProperty("applied").TryGetProperty("reviews", out var v) == true && v.GetString() == "2",
            "web's proxy status reports version 2 of reviews");
        Assert.Contains("\"reviews\"", Encoding.UTF8.GetString(agent.GetProxyConfigJson()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostOutsideUpstreams_HeaderMatchRoute_SelectsSubsetByHeader()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Reviews("1", ToSubset("v2", new HttpMatch { Headers = new Dictionary<string, StringMatch> { ["end-user"] = new() { Exact = "jason" } } }), ToSubset("v1")));
        var (_, outbound) = await StartWebCallingReviewsAsync(env);

        for (var i = 0; i < 6; i++)
        {
            Assert.StartsWith("reviews-v2|", (await SendAsync(outbound, "reviews", user: "jason")).Body, StringComparison.Ordinal);
            Assert.StartsWith("reviews-v1|", (await SendAsync(outbound, "reviews")).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HostOutsideUpstreams_FaultAbort_AnsweredByTheSidecar()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Reviews("1", ToSubset("v1") with { Fault = new FaultInjection { Abort = new AbortFault { HttpStatus = 418, Percentage = 100 } } }));
        var (_, outbound) = await StartWebCallingReviewsAsync(env);

        var (status, body) = await SendAsync(outbound, "reviews");

        Assert.Equal((HttpStatusCode)418, status);
        Assert.DoesNotContain("reviews-v1|", body, StringComparison.Ordinal);
    }

    /// <summary>A static <c>service_entry</c> host on an http port whose backend speaks TLS only; web's sidecar (upstream <c>orders</c>) calls it by Host.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> CallTlsServiceEntryAsync(bool withRule)
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var certificate = certs.IssueWithKey(External);
        var backend = await TlsBackend.StartAsync(certificate);
        await using var _ = backend;
        var rule = withRule ? new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = certs.CaFile } : null;
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = External,
            Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
            StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = new Uri(backend.Urls.First()).Port } }],
            Http = [new HttpRoute { Route = [new RouteDestination { Host = External }] }],
            Clusters = [new Cluster { Host = External, TrafficPolicy = rule is null ? null : new TrafficPolicy { Tls = rule } }],
        });
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port, "orders")));

        // The first request decides: the sidecar waits for the host's snapshot before serving it.
        return await SendAsync(agent.GetOutboundEndPoint("web", "orders")!, External);
    }

    [Fact]
    public async Task ServiceEntryOutsideUpstreams_DestinationRuleTlsSimpleWithPrivateCa_Honoured()
    {
        var (status, body) = await CallTlsServiceEntryAsync(withRule: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls|" + External + "|True|", body);
    }

    [Fact]
    public async Task ServiceEntryOutsideUpstreams_NoDestinationRule_PlainTextToTlsBackendRefused()
    {
        var (status, body) = await CallTlsServiceEntryAsync(withRule: false);

        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.DoesNotContain("tls|", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceEntryOutsideUpstreams_TwoPorts_EachRequestedPortReachesItsEndpointThroughTheCompiledRoutes()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var main = await ExternalBackend.StartAsync("main");
        await using var admin = await ExternalBackend.StartAsync("admin");
        var tagged = new HeaderOperations { Request = new HeaderMutation { Set = new Dictionary<string, string> { ["x-egress"] = "compiled" } } };
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = External,
            Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }, new ServicePort { Number = 9090, Protocol = PortProtocol.Http, Name = "admin" }],
            StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = main.Port, ["admin"] = admin.Port } }],
            Http =
            [
                new HttpRoute
                {
                    Name = "admin-refused",
                    Match = [new HttpMatch { Port = 9090, Headers = new Dictionary<string, StringMatch> { ["end-user"] = new() { Exact = "jason" } } }],
                    Route = [new RouteDestination { Host = External }],
                    Fault = new FaultInjection { Abort = new AbortFault { HttpStatus = 418 } },
                },
                new HttpRoute { Name = "all", Route = [new RouteDestination { Host = External }], Headers = tagged },
            ],
            Clusters = [new Cluster { Host = External }],
        });
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port, "orders")));
        var outbound = agent.GetOutboundEndPoint("web", "orders")!;

        var byDefault = await SendAsync(outbound, External);
        var onAdminPort = await SendAsync(outbound, External + ":9090");
        var refusedOnAdminPort = await SendAsync(outbound, External + ":9090", user: "jason");
        var jasonByDefault = await SendAsync(outbound, External, user: "jason");

        Assert.Equal((HttpStatusCode.OK, "main|" + External + "|compiled"), byDefault);
        Assert.Equal((HttpStatusCode.OK, "admin|" + External + "|compiled"), onAdminPort);
        Assert.Equal((HttpStatusCode)418, refusedOnAdminPort.Status);
        Assert.Equal((HttpStatusCode.OK, "main|" + External + "|compiled"), jasonByDefault);
    }

    [Fact]
    public async Task HostOutsideUpstreams_SnapshotWithMissingTlsFile_RejectedAndReportedWhileOtherHostsKeepTheirRules()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(Reviews("1", ToSubset("v2")));
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "5",
            Host = External,
            Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
            Http = [new HttpRoute { Route = [new RouteDestination { Host = External }] }],
            Clusters = [new Cluster { Host = External, TrafficPolicy = new TrafficPolicy { Tls = new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = Path.Combine(env.Root, "missing-ca.pem") } } }],
        });
        var (agent, outbound) = await StartWebCallingReviewsAsync(env);

        await SendAsync(outbound, External);

        await EventuallyAsync(
            async () => (await AgentIntegrationTests.ReportAsync(env, "node-a", "web"))?.RootElement.GetProperty("rejected").TryGetProperty(External, out _) == true,
            "web's proxy status reports the rejected snapshot of " + External);
        var rejected = (await AgentIntegrationTests.ReportAsync(env, "node-a", "web"))!.RootElement.GetProperty("rejected").GetProperty(External);
        Assert.Equal("5", rejected.GetProperty("version").GetString());
        Assert.Contains("missing-ca.pem", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("missing-ca.pem", agent.Snapshots.Get(External)!.RejectedError, StringComparison.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            Assert.StartsWith("reviews-v2|", (await SendAsync(outbound, "reviews")).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ServiceEntryOutsideUpstreams_StaticEndpointMoved_FollowedWithinSeconds()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var first = await ExternalBackend.StartAsync("first");
        await using var second = await ExternalBackend.StartAsync("second");
        ProxySnapshot Entry(string version, int port) => new()
        {
            Version = version,
            Host = External,
            Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
            StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = port } }],
            Http = [new HttpRoute { Route = [new RouteDestination { Host = External }] }],
            Clusters = [new Cluster { Host = External }],
        };
        await env.WriteSnapshotAsync(Entry("1", first.Port));
        var app = await env.StartAppAsync("web");
        var agent = await env.StartAgentAsync(env.Options("node-a", Service("web", app.Port, "orders")));
        var outbound = agent.GetOutboundEndPoint("web", "orders")!;
        Assert.StartsWith("first|", (await SendAsync(outbound, External)).Body, StringComparison.Ordinal);

        // The service entry's address changes (an operator re-applied it): the sidecar follows the compiled snapshot, so
        // it must not wait for its periodic registry lookup (every 30 s) to dial the new address.
        await env.WriteSnapshotAsync(Entry("2", second.Port));

        await EventuallyAsync(async () => (await SendAsync(outbound, External)).Body.StartsWith("second|", StringComparison.Ordinal), "requests reach the moved endpoint");
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("second|", (await SendAsync(outbound, External)).Body, StringComparison.Ordinal);
        }
    }
}
