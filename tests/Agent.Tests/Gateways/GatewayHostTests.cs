using System.Net;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Gateways;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>A gateway-mode agent against a real catalog, real Kestrel listeners and real TLS.</summary>
public sealed class GatewayHostTests
{
    private static GatewayServer Server(int port, string[] hosts, GatewayTls? tls = null, bool redirect = false) =>
        new() { Port = port, Bind = "127.0.0.1", Hosts = hosts, Tls = tls, HttpsRedirect = redirect, Protocol = tls is null ? PortProtocol.Http : PortProtocol.Https };

    private static ProxySnapshot Gateway(string name, IReadOnlyList<HttpRoute> routes, IReadOnlyList<Cluster> clusters, params GatewayServer[] servers) => new()
    {
        Version = "1",
        Host = "gateway:" + name,
        Http = routes,
        Clusters = clusters,
        Gateway = new GatewaySettings { Name = name, Servers = servers },
    };

    private static HttpRoute RouteTo(string destination, string authorityRegex) => new()
    {
        Name = "to-" + destination,
        Match = [new HttpMatch { Authority = new StringMatch { Regex = authorityRegex } }],
        Route = [new RouteDestination { Host = destination }],
    };

    private static async Task<GatewayHost> StartGatewayAsync(MeshTestEnvironment env, string name, OutboundTrafficPolicy policy = OutboundTrafficPolicy.AllowAny, TestCertificates? externalTrust = null)
    {
        var options = env.Options("gw-" + name);
        options.OutboundTrafficPolicy = policy;
        return await GatewayHost.StartAsync(options, name, env.Ca, null, externalTrust is null ? null : [externalTrust.Ca], CancellationToken.None);
    }

    private static async Task<WebApplication> StartTlsBackendAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(name + "|" + context.Request.Host.Host));
        await app.StartAsync();
        return app;
    }

    private static int PortOf(WebApplication app) => new Uri(app.Urls.First()).Port;

    [Fact]
    public async Task Https_RequestFromOutside_ReachesStrictMeshedServiceOverMutualTls()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        var (cert, key) = certs.IssueFiles("app", "app.example.com");
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "web",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "web" }] }],
            Clusters = [new Cluster { Host = "web" }],
            Inbound = new InboundPolicy { Mode = PeerAuthenticationMode.Strict },
        });
        await env.WriteSnapshotAsync(Gateway("ingress", [RouteTo("web", @"^(?:app\.example\.com)(?::[0-9]+)?$")], [new Cluster { Host = "web" }],
            Server(port, ["app.example.com"], new GatewayTls { Certificate = cert, PrivateKey = key })));
        var app = await env.StartAppAsync("web");
        await env.StartAgentAsync(env.Options("node-web", Service("web", app.Port)));
        await using var gateway = await StartGatewayAsync(env, "ingress");

        var url = $"https://app.example.com:{port}/hello";
        await EventuallyAsync(async () => (await GatewayClient.GetAsync(port, url, certs.Callback)).Status == HttpStatusCode.OK, "the gateway reaches web");
        var (status, body, _) = await GatewayClient.GetAsync(port, url, certs.Callback);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("web|URI=spiffe://mesh.local/ns/default/svc/ingress", body);
    }

    [Fact]
    public async Task Http_HttpsRedirect_Answers301ToHttps()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(Gateway("ingress", [], [], Server(port, ["*.example.com"], redirect: true)));
        await using var gateway = await StartGatewayAsync(env, "ingress");
        await EventuallyAsync(async () => (await GatewayClient.GetAsync(port, $"http://shop.example.com:{port}/")).Status != 0, "the listener is up");

        var (status, _, response) = await GatewayClient.GetAsync(port, $"http://shop.example.com:{port}/cart?id=7");

        Assert.Equal(HttpStatusCode.MovedPermanently, status);
        Assert.Equal("https://shop.example.com/cart?id=7", response!.Headers.Location!.ToString());
        var (otherStatus, _, _) = await GatewayClient.GetAsync(port, $"http://example.org:{port}/");
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
    }

    [Fact]
    public async Task Https_TwoCertificatesOnOnePort_SniPicksTheMatchingOne()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        var (wildCert, wildKey) = certs.IssueFiles("wild", "*.example.com");
        var (otherCert, otherKey) = certs.IssueFiles("other", "api.other.test");
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(Gateway("ingress", [], [],
            Server(port, ["*.example.com"], new GatewayTls { Certificate = wildCert, PrivateKey = wildKey }),
            Server(port, ["api.other.test"], new GatewayTls { Certificate = otherCert, PrivateKey = otherKey })));
        await using var gateway = await StartGatewayAsync(env, "ingress");
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 2), "the listeners are up");

        using var shop = await GatewayClient.ServedCertificateAsync(port, "shop.example.com", certs.Callback);
        using var other = await GatewayClient.ServedCertificateAsync(port, "api.other.test", certs.Callback);

        Assert.Equal("CN=*.example.com", shop!.Subject);
        Assert.Equal("CN=api.other.test", other!.Subject);
    }

    [Fact]
    public async Task Passthrough_BySni_ReachesBackendThatTerminatesTls()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var backendCert = certs.IssueWithKey("secure.example.com");
        var backend = await StartTlsBackendAsync(backendCert, "secure-backend");
        await using var _ = backend;
        await env.RegisterInstanceAsync("secure", "secure-1", PortOf(backend), "v1");
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(Gateway("ingress", [], [], Server(port, ["secure.example.com"], new GatewayTls { Mode = GatewayTlsMode.Passthrough })));
        await using var gateway = await StartGatewayAsync(env, "ingress");
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");

        var (status, body, _) = await GatewayClient.GetAsync(port, $"https://secure.example.com:{port}/", certs.Callback);
        using var served = await GatewayClient.ServedCertificateAsync(port, "secure.example.com", certs.Callback);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("secure-backend|secure.example.com", body);
        Assert.Equal(backendCert.Thumbprint, served!.Thumbprint);
    }

    [Fact]
    public async Task Egress_ServiceEntryHostReachedWithTlsOrigination_UnknownHostRefusedUnderRegistryOnly()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        const string external = "localhost";
        using var externalCert = certs.IssueWithKey(external);
        var backend = await StartTlsBackendAsync(externalCert, "external");
        await using var _ = backend;
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = external,
            Ports = [new ServicePort { Number = PortOf(backend), Protocol = PortProtocol.Https, Name = "https" }],
            Http = [new HttpRoute { Route = [new RouteDestination { Host = external }] }],
            Clusters = [new Cluster { Host = external }],
        });
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(Gateway("egress", [], [], Server(port, ["*"])));
        await using var gateway = await StartGatewayAsync(env, "egress", OutboundTrafficPolicy.RegistryOnly, certs);
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");

        var (status, body, _) = await GatewayClient.GetAsync(port, $"http://{external}/api");
        var (refusedStatus, refusedBody, _) = await GatewayClient.GetAsync(port, "http://unknown.example.org/api");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("external|localhost", body);
        Assert.Equal(HttpStatusCode.BadGateway, refusedStatus);
        Assert.Contains("registry_only", refusedBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Egress_AllowAny_MoreHostsThanItRemembers_KeepsItsEndpointsBounded()
    {
        // Under allow_any every host a request names passes through with endpoints of its own. The gateway remembers at
        // most 1,024 such hosts (the least recently used forgotten first) and drops the endpoints of those it forgets,
        // so a client naming ever new hosts cannot grow it without bound.
        await using var env = await MeshTestEnvironment.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, 0)); // reached at 127.x.y.z: the flood's hosts are IP literals
        await using var backend = builder.Build();
        backend.Run(context => context.Response.WriteAsync("backend|" + context.Request.Host.Host));
        await backend.StartAsync();
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(Gateway("egress", [], [], Server(port, ["*"])));
        await using var gateway = await StartGatewayAsync(env, "egress");
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");

        var served = 0;
        for (var i = 0; i < 1_100; i++)
        {
            var (status, body, _) = await GatewayClient.GetAsync(port, $"http://127.1.{i / 250}.{i % 250 + 1}:{PortOf(backend)}/");
            served += status == HttpStatusCode.OK && body.StartsWith("backend|127.1.", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.Equal(1_100, served);
        Assert.InRange(gateway.HostsOutsideConsul, 1, 1_024);
    }
}
