using System.Net;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.ControllerApi;
using Mesh.DevCatalog;

namespace Mesh.Controller.Tests;

/// <summary>A development catalog on 127.0.0.1:0 and a controller in process, spoken to over real HTTP.</summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    public const string OperatorToken = "operator-secret";
    public const string AgentToken = "agent-secret";

    private readonly HttpClient _consulHttp = new();
    private readonly List<ControllerClient> _clients = [];

    private ControllerFixture(DevCatalogServer catalog, ControllerHandle controller, string dataDirectory, FakeBundleEvaluator evaluator, ISnapshotCompiler compiler)
    {
        Catalog = catalog;
        Controller = controller;
        DataDirectory = dataDirectory;
        Evaluator = evaluator;
        Compiler = compiler;
        Consul = new ConsulClient(_consulHttp, new ConsulClientOptions { Address = catalog.Address });
    }

    public DevCatalogServer Catalog { get; }

    public ControllerHandle Controller { get; }

    public string DataDirectory { get; }

    public FakeBundleEvaluator Evaluator { get; }

    public ISnapshotCompiler Compiler { get; }

    public ConsulClient Consul { get; }

    public static async Task<ControllerFixture> StartAsync(Action<ControllerOptions>? configure = null, ISnapshotCompiler? compiler = null)
    {
        var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        var dataDirectory = Directory.CreateTempSubdirectory("controller-tests-").FullName;
        var options = new ControllerOptions
        {
            ApiAddress = "127.0.0.1:0",
            AdminAddress = null,
            ConsulAddress = catalog.Address,
            DataDirectory = dataDirectory,
            OperatorToken = OperatorToken,
            AgentToken = AgentToken,
            InstanceName = "controller-1",
            TrustDomain = "mesh.test",
        };
        configure?.Invoke(options);
        var evaluator = new FakeBundleEvaluator();
        compiler ??= new FakeSnapshotCompiler();
        var controller = await ControllerHost.StartAsync(options, evaluator, compiler, CancellationToken.None);
        return new ControllerFixture(catalog, controller, dataDirectory, evaluator, compiler);
    }

    public ControllerClient Client(string? token = OperatorToken)
    {
        var client = new ControllerClient(Controller.ApiAddress, token);
        _clients.Add(client);
        return client;
    }

    /// <summary>Every key under a prefix.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string prefix) =>
        (await Consul.Kv.KeysAsync(prefix, null, null, CancellationToken.None)).Value;

    /// <summary>Waits with blocking queries until <paramref name="condition"/> holds for the entries under <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<KvEntry>> WaitForAsync(string prefix, Func<IReadOnlyList<KvEntry>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ulong index = 0;
        IReadOnlyList<KvEntry> last = [];
        try
        {
            while (true)
            {
                var result = await Consul.Kv.ListAsync(prefix, new QueryOptions { Index = index, Wait = TimeSpan.FromSeconds(5) }, timeout.Token);
                last = result.Value;
                if (condition(result.Value))
                {
                    return result.Value;
                }

                index = result.LastIndex;
            }
        }
        catch (OperationCanceledException e)
        {
            var seen = string.Join(", ", last.Select(k => $"{k.Key}={(k.Value is null ? "" : System.Text.Encoding.UTF8.GetString(k.Value))}"));
            throw new TimeoutException($"{prefix} never matched; last seen: {seen}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Controller.DisposeAsync();
        await Catalog.DisposeAsync();
        _consulHttp.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
