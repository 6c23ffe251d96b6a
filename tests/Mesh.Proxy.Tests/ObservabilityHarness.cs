using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Mesh.Hosting.Admin;
using Mesh.Hosting.Metrics;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tests;

/// <summary>
/// A proxy with observability options, a Prometheus collector scoped to this proxy's meters, and an admin
/// server mapping <c>/metrics</c> with <see cref="AdminEndpoints.MapMeshAdmin"/>.
/// </summary>
internal sealed class ObservabilityHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ProxyListener _listener;
    private readonly WebApplication _admin;
    private readonly PrometheusMetrics _prometheus;
    private bool _disposed;

    private ObservabilityHarness(ServiceProvider services, ProxyListener listener, WebApplication admin, PrometheusMetrics prometheus, Uri adminAddress)
    {
        _services = services;
        _listener = listener;
        _admin = admin;
        _prometheus = prometheus;
        AdminAddress = adminAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri("http://127.0.0.1:" + listener.LocalEndPoint.Port),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Client { get; }

    public Uri AdminAddress { get; }

    public int Port => _listener.LocalEndPoint.Port;

    public static async Task<ObservabilityHarness> StartAsync(ProxyObservabilityOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMeshProxy();
        services.ConfigureMeshObservability(options ?? new ProxyObservabilityOptions());
        var provider = services.BuildServiceProvider();

        // Only this proxy's meter: other tests' proxies run in parallel in the same process.
        var factory = provider.GetRequiredService<IMeterFactory>();
        var prometheus = new PrometheusMetrics(meter => ReferenceEquals(meter.Scope, factory));
        var listener = await ProxyListener.StartAsync(provider, new IPEndPoint(IPAddress.Loopback, 0));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(prometheus);
        var admin = builder.Build();
        admin.MapMeshAdmin();
        await admin.StartAsync();
        var address = admin.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ObservabilityHarness(provider, listener, admin, prometheus, new Uri(address));
    }

    public void Load(params ProxySnapshot[] snapshots) => _services.GetRequiredService<RouteTableHolder>().Swap(RouteTable.Build(snapshots));

    public void SetEndpoints(string host, params (Upstream Upstream, string? Version)[] upstreams)
    {
        var endpoints = new UpstreamEndpoint[upstreams.Length];
        for (var i = 0; i < upstreams.Length; i++)
        {
            endpoints[i] = new UpstreamEndpoint
            {
                Address = "127.0.0.1",
                Port = upstreams[i].Upstream.Port,
                Labels = upstreams[i].Version is { } v ? Snap.Version(v) : new Dictionary<string, string>(),
            };
        }

        _services.GetRequiredService<StaticEndpointSource>().Set(host, endpoints);
    }

    /// <summary>Points <paramref name="host"/> at another proxy's listener (as a sidecar's outbound would at a remote inbound).</summary>
    public void SetEndpointPort(string host, int port) =>
        _services.GetRequiredService<StaticEndpointSource>().Set(host, [new UpstreamEndpoint { Address = "127.0.0.1", Port = port, Labels = new Dictionary<string, string>() }]);

    public Task<HttpResponseMessage> SendAsync(string host, string path = "/", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    /// <summary>Scrapes <c>/metrics</c> over HTTP from the admin server.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri(AdminAddress, "/metrics"));
    }

    /// <summary>Sums the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public static double Sum(string text, string name, params (string Key, string Value)[] labels)
    {
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labelText = line[(name.Length + 1)..close];
            if (labels.All(l => labelText.Contains(l.Key + "=\"" + l.Value + "\"", StringComparison.Ordinal)))
            {
                total += double.Parse(line[(close + 2)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Stops the proxy and its services (flushing the access log).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await _admin.StopAsync();
        await _admin.DisposeAsync();
        await _listener.DisposeAsync();
        await _services.DisposeAsync();
        _prometheus.Dispose();
    }
}
