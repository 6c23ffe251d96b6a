using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Tests;

/// <summary>Like <see cref="ProxyHarness"/>, with a hook to register services (a back-off clock) before the engine.</summary>
internal sealed class TunableProxy : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ProxyListener _listener;

    private TunableProxy(ServiceProvider services, ProxyListener listener)
    {
        _services = services;
        _listener = listener;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri("http://127.0.0.1:" + listener.LocalEndPoint.Port),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Client { get; }

    public static async Task<TunableProxy> StartAsync(Action<IServiceCollection>? configure = null, int seed = 42)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new ProxyRandom(seed));
        configure?.Invoke(services);
        services.AddMeshProxy();
        var provider = services.BuildServiceProvider();
        var listener = await ProxyListener.StartAsync(provider, new IPEndPoint(IPAddress.Loopback, 0));
        return new TunableProxy(provider, listener);
    }

    public void Load(params ProxySnapshot[] snapshots) => _services.GetRequiredService<RouteTableHolder>().Swap(RouteTable.Build(snapshots));

    public void SetEndpoints(string host, params Upstream[] upstreams) =>
        _services.GetRequiredService<StaticEndpointSource>().Set(
            host,
            [.. upstreams.Select(u => new UpstreamEndpoint { Address = "127.0.0.1", Port = u.Port })]);

    public Task<HttpResponseMessage> SendAsync(string host, string path = "/", HttpMethod? method = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Host = host;
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _listener.DisposeAsync();
        await _services.DisposeAsync();
    }
}
