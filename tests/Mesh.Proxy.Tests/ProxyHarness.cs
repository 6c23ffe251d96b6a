using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

/// <summary>A proxy engine with a static endpoint source and a real outbound listener.</summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ProxyListener _listener;

    private ProxyHarness(ServiceProvider services, ProxyListener listener)
    {
        _services = services;
        _listener = listener;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri("http://127.0.0.1:" + listener.LocalEndPoint.Port),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Client { get; }

    public IPEndPoint EndPoint => _listener.LocalEndPoint;

    public StaticEndpointSource Endpoints => _services.GetRequiredService<StaticEndpointSource>();

    public RouteTableHolder Tables => _services.GetRequiredService<RouteTableHolder>();

    public static async Task<ProxyHarness> StartAsync(FakeTimeProvider? time = null, int seed = 42, HttpProtocols protocols = HttpProtocols.Http1, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new ProxyRandom(seed));
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        configure?.Invoke(services);

        services.AddMeshProxy();
        var provider = services.BuildServiceProvider();
        var listener = await ProxyListener.StartAsync(provider, new IPEndPoint(IPAddress.Loopback, 0), protocols);
        return new ProxyHarness(provider, listener);
    }

    public void Load(params ProxySnapshot[] snapshots) => Tables.Swap(RouteTable.Build(snapshots));

    public void SetEndpoints(string host, params (Upstream Upstream, Dictionary<string, string>? Labels)[] upstreams)
    {
        var endpoints = new UpstreamEndpoint[upstreams.Length];
        for (var i = 0; i < upstreams.Length; i++)
        {
            endpoints[i] = new UpstreamEndpoint
            {
                Address = "127.0.0.1",
                Port = upstreams[i].Upstream.Port,
                Labels = upstreams[i].Labels ?? new Dictionary<string, string>(),
            };
        }

        Endpoints.Set(host, endpoints);
    }

    public void SetEndpoints(string host, params Upstream[] upstreams)
    {
        var list = new (Upstream, Dictionary<string, string>?)[upstreams.Length];
        for (var i = 0; i < upstreams.Length; i++)
        {
            list[i] = (upstreams[i], null);
        }

        SetEndpoints(host, list);
    }

    public Task<HttpResponseMessage> SendAsync(string host, string path = "/", HttpMethod? method = null, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Host = host;
        configure?.Invoke(request);
        return Client.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _listener.DisposeAsync();
        await _services.DisposeAsync();
    }
}
