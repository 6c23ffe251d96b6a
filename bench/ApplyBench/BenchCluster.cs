using System.Globalization;
using System.Net;
using Mesh.Consul;
using Mesh.Consul.Agent;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.ControllerApi;
using Mesh.DevCatalog;
using Microsoft.Extensions.Logging;

namespace Mesh.Bench.Apply;

/// <summary>A dev catalog on 127.0.0.1:0 and a controller with the production rule engine, both in this process.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private const string Token = "bench-operator";

    private readonly HttpClient _consulHttp;
    private readonly string _dataDirectory;

    private BenchCluster(DevCatalogServer catalog, ControllerHandle controller, HttpClient consulHttp, string dataDirectory)
    {
        Catalog = catalog;
        Controller = controller;
        _consulHttp = consulHttp;
        _dataDirectory = dataDirectory;
        Consul = new ConsulClient(consulHttp, new ConsulClientOptions { Address = catalog.Address });
        Client = new ControllerClient(controller.ApiAddress, Token);
    }

    public DevCatalogServer Catalog { get; }

    public ControllerHandle Controller { get; }

    public ConsulClient Consul { get; }

    public ControllerClient Client { get; }

    public static async Task<BenchCluster> StartAsync(CancellationToken cancellationToken)
    {
        var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, cancellationToken);
        var dataDirectory = Directory.CreateTempSubdirectory("apply-bench-").FullName;
        var options = new ControllerOptions
        {
            ApiAddress = "127.0.0.1:0",
            AdminAddress = null,
            ConsulAddress = catalog.Address,
            DataDirectory = dataDirectory,
            OperatorToken = Token,
            AgentToken = "bench-agent",
            InstanceName = "bench-controller",
            TrustDomain = "bench.mesh",
        };

        // The production evaluator and compiler (RuleEngine), as mesh-controller runs them; warnings only.
        var controller = await ControllerHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), cancellationToken);
        return new BenchCluster(catalog, controller, new HttpClient(), dataDirectory);
    }

    /// <summary>Registers <paramref name="count"/> services, each with a v1 and a v2 instance.</summary>
    public async Task RegisterServicesAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var name = BundleGenerator.ServiceName(i);
            foreach (var version in new[] { "v1", "v2" })
            {
                await Consul.Agent.RegisterServiceAsync(
                    new ServiceRegistration
                    {
                        ID = $"{name}-{version}",
                        Name = name,
                        Address = "127.0.0.1",
                        Port = 20000 + (i * 2) + (version == "v1" ? 0 : 1),
                        Tags = [version],
                        Meta = new Dictionary<string, string> { ["version"] = version },
                    },
                    cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Waits until the controller reports a leader, so applies get compiled.</summary>
    public async Task WaitForLeaderAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await Client.StatusAsync(deadline.Token);
            if (status.Leader is not null)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    public static string Describe(int services) => string.Create(CultureInfo.InvariantCulture, $"{services} services × 2 instances");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Controller.DisposeAsync();
        await Catalog.DisposeAsync();
        _consulHttp.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
