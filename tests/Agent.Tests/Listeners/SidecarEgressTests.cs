using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Gateways;
using Mesh.Agent.Listeners;
using Mesh.Agent.Tests.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>
/// The sidecar's outbound HTTP listener routing by Host without a gateway: <c>service_entry</c> hosts reached directly
/// (static endpoints, DNS, TLS origination), unknown hosts passed through (<c>allow_any</c>) or refused with 502 NR
/// (<c>registry_only</c>). Real sockets, a real development catalog as the registry.
/// </summary>
public sealed class SidecarEgressTests
{
    private sealed class Endpoints(string host, params UpstreamEndpoint[] endpoints) : IEndpointSource
    {
        public event Action<string>? EndpointsChanged
        {
            add { }
            remove { }
        }

        public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string requested) => requested == host ? endpoints : [];
    }

    private sealed class PlainTcp : IUpstreamTlsProvider
    {
        public System.Net.Security.SslClientAuthenticationOptions? GetClientOptions(DnsEndPoint endpoint) => null;
    }

    private static Task<OutboundListener> StartListenerAsync(
        MeshTestEnvironment env, OutboundTrafficPolicy policy, IEndpointSource? endpoints = null, X509Certificate2Collection? trust = null) =>
        OutboundListener.StartAsync(
            [new UpstreamOptions { Host = "orders", LocalPort = 0 }],
            new ProxyObservabilityOptions { Identity = new ProxyIdentity { ServiceName = "web" } },
            endpoints ?? new Endpoints("orders"),
            new PlainTcp(),
            null,
            new EgressSettings(new HostRegistry(env.Consul), policy) { ExternalTrust = trust },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(IPEndPoint listener, string? host, string path = "/v1")
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{listener}{path}"));
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<WebApplication> StartTlsBackendAsync(X509Certificate2 certificate, string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(name + "|" + context.Request.Host.Host + "|" + context.Request.IsHttps));
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task RegistryOnly_StaticServiceEntryHost_ReachesStaticEndpointOnMappedPort()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("external");
        var http = new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" };
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api.external.test",
            Ports = [http],
            StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = backend.Port } }],
        });
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.RegistryOnly);

        var (status, body) = await SendAsync(listener.EndPoints["orders"], "api.external.test");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("external|api.external.test|", body);
    }

    [Fact]
    public async Task RegistryOnly_DnsServiceEntryWithHttpsPort_OriginatesTlsWithHostAsSni()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        using var certs = new TestCertificates(Path.Combine(env.Root, "certs"));
        using var certificate = certs.IssueWithKey("localhost");
        var backend = await StartTlsBackendAsync(certificate, "tls-backend");
        await using var _ = backend;
        var port = new Uri(backend.Urls.First()).Port;
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "localhost",
            Ports = [new ServicePort { Number = port, Protocol = PortProtocol.Https, Name = "https" }],
        });
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.RegistryOnly, trust: [certs.Ca]);

        var (status, body) = await SendAsync(listener.EndPoints["orders"], "localhost");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("tls-backend|localhost|True", body);
    }

    [Fact]
    public async Task RegistryOnly_MoreHostsThanItRemembers_KeepsTheHostInUse()
    {
        // The sidecar remembers at most 1,024 hosts outside its table (an application calling ever new host names must
        // not grow the agent without bound) and forgets the least recently used first: a host in use keeps its
        // endpoints, so a request routed to it is never left without one by the flood of other names.
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("external");
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api.external.test",
            Ports = [new ServicePort { Number = 80, Protocol = PortProtocol.Http, Name = "http" }],
            StaticEndpoints = [new StaticEndpoint { Address = "127.0.0.1", Ports = new Dictionary<string, int> { ["http"] = backend.Port } }],
        });
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.RegistryOnly);
        var address = listener.EndPoints["orders"];
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        async Task<(HttpStatusCode, string)> GetAsync(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{address}/v1"));
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.OK, "external|api.external.test|"), await GetAsync("api.external.test"));
        var refused = 0;
        for (var i = 0; i < 1_100; i++)
        {
            var (status, _) = await GetAsync($"h{i}.unknown.test");
            refused += status == HttpStatusCode.BadGateway ? 1 : 0;
            if (i % 100 == 99)
            {
                Assert.True(listener.RemembersEgressHost("api.external.test"), $"the host in use was forgotten after {i + 1} other hosts");
                Assert.Equal((HttpStatusCode.OK, "external|api.external.test|"), await GetAsync("api.external.test"));
            }
        }

        Assert.Equal(1_100, refused);
        Assert.False(listener.RemembersEgressHost("h0.unknown.test"));
        Assert.InRange(listener.RememberedEgressHosts, 1, 1_024);
        Assert.Equal((HttpStatusCode.OK, "external|api.external.test|"), await GetAsync("api.external.test"));
        Assert.Equal(HttpStatusCode.BadGateway, (await GetAsync("h0.unknown.test")).Item1);
    }

    [Fact]
    public async Task RegistryOnly_UnknownHost_Gets502WithNoRouteFlag()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.RegistryOnly);
        var flags = new ConcurrentQueue<(int Status, string Flags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "mesh.requests" && ReferenceEquals(instrument.Meter.Scope, listener.MeterScope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? flag = null;
            var code = 0;
            foreach (var tag in tags)
            {
                if (tag.Key == "response_flags")
                {
                    flag = tag.Value as string;
                }
                else if (tag.Key == "response_code")
                {
                    code = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            flags.Enqueue((code, flag ?? ""));
        });
        meters.Start();

        var (status, body) = await SendAsync(listener.EndPoints["orders"], "unknown.example.test");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("unknown.example.test", body, StringComparison.Ordinal);
        Assert.Contains("registry_only", body, StringComparison.Ordinal);
        await MeshTestEnvironment.EventuallyAsync(() => Task.FromResult(!flags.IsEmpty), "the request is recorded");
        var (code, flag) = Assert.Single(flags);
        Assert.Equal("NR", flag);
        Assert.Equal(502, code);
    }

    [Fact]
    public async Task AllowAny_UnknownHost_PassesThroughToRequestedPort()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var backend = await ExternalBackend.StartAsync("outside");
        await using var other = await ExternalBackend.StartAsync("other");
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.AllowAny);

        var (status, body) = await SendAsync(listener.EndPoints["orders"], $"127.0.0.1:{backend.Port}");
        var (otherStatus, otherBody) = await SendAsync(listener.EndPoints["orders"], $"127.0.0.1:{other.Port}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("outside|127.0.0.1|", body);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
        Assert.Equal("other|127.0.0.1|", otherBody);
    }

    [Fact]
    public async Task RegistryOnly_RequestAddressedToListener_StillReachesItsUpstream()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        await using var orders = await TestApp.StartAsync("orders");
        var endpoints = new Endpoints("orders", new UpstreamEndpoint { Address = "127.0.0.1", Port = orders.Port });
        await using var listener = await StartListenerAsync(env, OutboundTrafficPolicy.RegistryOnly, endpoints);
        listener.Routes.Swap(RouteTable.Build([new ProxySnapshot
        {
            Version = "1",
            Host = "orders",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "orders" }] }],
            Clusters = [new Cluster { Host = "orders" }],
        }]));

        var (status, body) = await SendAsync(listener.EndPoints["orders"], null);
        var (byName, byNameBody) = await SendAsync(listener.EndPoints["orders"], "orders");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("orders|", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byName);
        Assert.StartsWith("orders|", byNameBody, StringComparison.Ordinal);
    }
}
