using System.Net;
using System.Net.Sockets;
using System.Text;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Consul;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.ControllerApi;
using Mesh.DevCatalog;
using Mesh.Snapshots.Serialization;
using Microsoft.Extensions.Logging;

namespace Mesh.Cli.Dev;

/// <summary>
/// The whole mesh on one machine: the development catalog, a controller with the built-in CA, one agent per sample
/// "host" and the sample services (productpage calling reviews v1, v2 and v3). Everything runs in this process and
/// real sockets connect the parts, exactly as they would across machines.
/// </summary>
internal sealed class DevMesh : IAsyncDisposable
{
    public const string TrustDomain = "mesh.local";

    private readonly List<IAsyncDisposable> _parts = [];
    private readonly HttpClient _consulHttp = new();
    private readonly WarningLogProvider _logs;
    private readonly ILoggerFactory _loggerFactory;
    private string _dataRoot = "";

    private DevMesh(TextWriter log)
    {
        _logs = new WarningLogProvider(log);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs));
    }

    public DevCatalogServer Catalog { get; private set; } = null!;

    public ControllerHandle Controller { get; private set; } = null!;

    public IReadOnlyList<SampleService> Reviews { get; private set; } = [];

    /// <summary>Where productpage's agent listens for calls to reviews (its local upstream port).</summary>
    public Uri ReviewsUpstream { get; private set; } = null!;

    public AgentHost ProductpageAgent { get; private set; } = null!;

    public static async Task<DevMesh> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var mesh = new DevMesh(log);
        try
        {
            await mesh.StartPartsAsync(log, cancellationToken).ConfigureAwait(false);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartPartsAsync(TextWriter log, CancellationToken cancellationToken)
    {
        _dataRoot = Directory.CreateTempSubdirectory("meshctl-dev-").FullName;

        Catalog = await OnPreferredPortAsync(8500, endPoint =>
            DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = endPoint, NodeName = "dev" }, cancellationToken)).ConfigureAwait(false);
        _parts.Add(Catalog);
        await log.WriteLineAsync($"catalog     {Catalog.Address} (Consul HTTP API)").ConfigureAwait(false);

        Controller = await OnPreferredPortAsync(15010, endPoint => ControllerHost.StartAsync(new ControllerOptions
        {
            ApiAddress = $"127.0.0.1:{endPoint.Port}",
            AdminAddress = null,
            ConsulAddress = Catalog.Address,
            DataDirectory = Path.Combine(_dataRoot, "controller"),
            InstanceName = "dev-controller",
            TrustDomain = TrustDomain,
        }, logging => logging.ClearProviders().AddProvider(_logs), cancellationToken)).ConfigureAwait(false);
        _parts.Add(Controller);
        await log.WriteLineAsync($"controller  {Controller.ApiAddress} (built-in CA, trust domain {TrustDomain})").ConfigureAwait(false);

        var reviews = new List<SampleService>();
        foreach (var (version, failEvery) in new[] { ("v1", 0), ("v2", 3), ("v3", 0) })
        {
            var app = await SampleService.StartAsync("reviews", version, failEvery, cancellationToken).ConfigureAwait(false);
            _parts.Add(app);
            reviews.Add(app);
            await StartAgentAsync($"reviews-{version}-host", "reviews", version, app.Port, upstreamPort: null, cancellationToken).ConfigureAwait(false);
        }

        Reviews = reviews;
        var productpage = await SampleService.StartAsync("productpage", "v1", 0, cancellationToken).ConfigureAwait(false);
        _parts.Add(productpage);
        var upstreamPort = FreePort();
        ProductpageAgent = await StartAgentAsync("productpage-host", "productpage", "v1", productpage.Port, upstreamPort, cancellationToken).ConfigureAwait(false);
        ReviewsUpstream = new Uri($"http://127.0.0.1:{upstreamPort}/");
        await log.WriteLineAsync($"agents      4 (productpage, reviews v1/v2/v3), mTLS between them; productpage reaches reviews at {ReviewsUpstream}").ConfigureAwait(false);
    }

    private async Task<AgentHost> StartAgentAsync(string node, string service, string version, int appPort, int? upstreamPort, CancellationToken cancellationToken)
    {
        var options = new AgentOptions
        {
            NodeName = node,
            DataDir = Path.Combine(_dataRoot, node),
            AdminAddress = "127.0.0.1:0",
            Consul = { Address = Catalog.Address },
            Controller = { Address = Controller.ApiAddress },
            Certificates = { TrustDomain = TrustDomain },
        };
        var local = new LocalServiceOptions { Name = service, Port = appPort, InboundPort = FreePort() };
        local.Meta["version"] = version;
        if (upstreamPort is { } port)
        {
            local.Upstreams.Add(new UpstreamOptions { Host = "reviews", LocalPort = port });
        }

        options.Services.Add(local);
        var agent = await AgentHost.StartAsync(options, certificateProvider: null, _loggerFactory, cancellationToken).ConfigureAwait(false);
        _parts.Add(agent);
        return agent;
    }

    /// <summary>Applies rules through the controller, as <c>meshctl apply</c> would.</summary>
    public async Task<ApplyResponse> ApplyAsync(SourceFile rules, CancellationToken cancellationToken)
    {
        using var client = new ControllerClient(Controller.ApiAddress, token: null);
        return await client.ApplyAsync(new ApplyRequest { Files = [rules] }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until productpage's proxy serves the snapshot the controller compiled for reviews after the apply.</summary>
    public async Task WaitForRoutesAsync(int destinations, CancellationToken cancellationToken)
    {
        var consul = new ConsulClient(_consulHttp, new ConsulClientOptions { Address = Catalog.Address });
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = (await consul.Kv.GetAsync("mesh/compiled/reviews", null, cancellationToken).ConfigureAwait(false)).Value;
            if (entry?.Value is { Length: > 0 } bytes)
            {
                var snapshot = SnapshotSerializer.Deserialize(bytes);
                var served = Encoding.UTF8.GetString(ProductpageAgent.GetProxyConfigJson());
                if (snapshot.Http.Count > 0 && snapshot.Http[0].Route.Count == destinations && served.Contains(snapshot.Version, StringComparison.Ordinal))
                {
                    return;
                }
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            try
            {
                await _parts[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
            {
                // Shutting down: a part that fails to stop cleanly must not keep the others running.
            }
        }

        _consulHttp.Dispose();
        _loggerFactory.Dispose();
        if (_dataRoot.Length > 0 && Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    // The well-known ports (8500 for the catalog, 15010 for the controller) when they are free, so the usual
    // MESH_ADDR and Consul defaults just work; any free port when another process holds them.
    private static async Task<T> OnPreferredPortAsync<T>(int port, Func<IPEndPoint, Task<T>> start)
    {
        try
        {
            return await start(new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return await start(new IPEndPoint(IPAddress.Loopback, 0)).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
