using System.Net;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Consul;
using Mesh.Consul.Agent;
using Mesh.DevCatalog;
using Mesh.Identity;
using Mesh.Snapshots;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Tests.Integration;

/// <summary>A real development catalog on 127.0.0.1:0, a built-in CA and helpers to start agents against them.</summary>
internal sealed class MeshTestEnvironment : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<IAsyncDisposable> _disposables = [];

    private MeshTestEnvironment(DevCatalogServer catalog, string root)
    {
        Catalog = catalog;
        Root = root;
        Consul = new ConsulClient(_http, new ConsulClientOptions { Address = catalog.Address });
    }

    public DevCatalogServer Catalog { get; }

    public bool CatalogStopped { get; private set; }

    public ConsulClient Consul { get; }

    public string Root { get; }

    public BuiltInCertificateAuthority Ca { get; } = new("mesh.local", null, TimeProvider.System);

    public static async Task<MeshTestEnvironment> StartAsync()
    {
        var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        return new MeshTestEnvironment(catalog, Path.Combine(Path.GetTempPath(), "mesh-agent-" + Guid.NewGuid().ToString("N")));
    }

    public AgentOptions Options(string node, params LocalServiceOptions[] services)
    {
        var options = new AgentOptions
        {
            NodeName = node,
            DataDir = Path.Combine(Root, node),
            AdminAddress = "127.0.0.1:0",
        };
        options.Consul.Address = Catalog.Address;
        foreach (var service in services)
        {
            options.Services.Add(service);
        }

        return options;
    }

    public static LocalServiceOptions Service(string name, int appPort, params string[] upstreams)
    {
        var service = new LocalServiceOptions { Name = name, Port = appPort, InboundPort = 0, InboundAddress = "127.0.0.1", AdvertiseAddress = "127.0.0.1" };
        foreach (var upstream in upstreams)
        {
            service.Upstreams.Add(new UpstreamOptions { Host = upstream, LocalPort = 0 });
        }

        return service;
    }

    public async Task<AgentHost> StartAgentAsync(AgentOptions options)
    {
        var agent = await AgentHost.StartAsync(options, Ca, null, CancellationToken.None);
        _disposables.Add(agent);
        return agent;
    }

    public async Task<TestApp> StartAppAsync(string name)
    {
        var app = await TestApp.StartAsync(name);
        _disposables.Add(app);
        return app;
    }

    /// <summary>Registers a plain (non-mesh) instance directly in the catalog, as another host would.</summary>
    public Task RegisterInstanceAsync(string service, string id, int port, string version) =>
        Consul.Agent.RegisterServiceAsync(new ServiceRegistration
        {
            ID = id,
            Name = service,
            Address = "127.0.0.1",
            Port = port,
            Meta = new Dictionary<string, string> { ["version"] = version },
        });

    public Task WriteSnapshotAsync(ProxySnapshot snapshot) =>
        Consul.Kv.PutAsync("mesh/compiled/" + snapshot.Host, SnapshotSerializer.Serialize(snapshot));

    public Task WriteRawSnapshotAsync(string host, string document) =>
        Consul.Kv.PutAsync("mesh/compiled/" + host, System.Text.Encoding.UTF8.GetBytes(document));

    public async Task StopCatalogAsync()
    {
        CatalogStopped = true;
        await Catalog.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }

        if (!CatalogStopped)
        {
            await Catalog.DisposeAsync();
        }

        Ca.Dispose();
        _http.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (catalog watches and route swaps are asynchronous).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A GET to a listener, with <paramref name="host"/> as the Host header when given; a failed connection is
    /// status 0 with the error as the body, so that callers can wait for a listener to come up.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(
        IPEndPoint endPoint, string path = "/", string? host = null, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{endPoint}{path}"));
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
    }
}
