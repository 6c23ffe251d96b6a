using System.Net;
using Mesh.Consul.Http;
using Mesh.DevCatalog;

namespace Mesh.Consul.Tests.AgainstDevCatalog;

/// <summary>A real <see cref="DevCatalogServer"/> on 127.0.0.1 and a <see cref="ConsulClient"/> talking to it over real HTTP.</summary>
public sealed class DevCatalogFixture : IAsyncDisposable
{
    private DevCatalogFixture(DevCatalogServer server, HttpClient http, ConsulClient client, ConsulClientOptions options)
    {
        Server = server;
        Http = http;
        Client = client;
        Options = options;
    }

    public DevCatalogServer Server { get; }

    public HttpClient Http { get; }

    public ConsulClient Client { get; }

    public ConsulClientOptions Options { get; }

    public Uri Address => Server.Address;

    /// <summary>Starts a server (port 0 unless given) and a client over a <see cref="ConsulHttpHandler"/>.</summary>
    public static async Task<DevCatalogFixture> StartAsync(
        int port = 0, string? dataDirectory = null, TimeProvider? time = null, DevCatalogTlsOptions? tls = null, Action<ConsulClientOptions>? client = null)
    {
        var server = await StartServerAsync(port, dataDirectory, time, tls);
        var options = new ConsulClientOptions { Address = server.Address };
        client?.Invoke(options);
        var http = new HttpClient(ConsulHttpHandler.Create(options)) { Timeout = TimeSpan.FromSeconds(60) };
        return new DevCatalogFixture(server, http, new ConsulClient(http, options), options);
    }

    public static Task<DevCatalogServer> StartServerAsync(int port = 0, string? dataDirectory = null, TimeProvider? time = null, DevCatalogTlsOptions? tls = null) =>
        DevCatalogServer.StartAsync(
            new DevCatalogOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, port),
                DataDirectory = dataDirectory,
                Time = time ?? TimeProvider.System,
                Tls = tls,
            },
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
