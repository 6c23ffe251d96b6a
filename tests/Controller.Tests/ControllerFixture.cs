using System.Net;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.ControllerApi;
using Mesh.DevCatalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Controller.Tests;

/// <summary>A development catalog on 127.0.0.1:0 and a controller in process, spoken to over real HTTP.</summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    public const string OperatorToken = "operator-secret";
    public const string AgentToken = "agent-secret";

    private readonly HttpClient _consulHttp = new();
    private readonly List<ControllerClient> _clients = [];
    private readonly List<ControllerHandle> _others = [];
    private readonly ControllerOptions _options;
    private readonly RecordingLoggerProvider _log = new();

    private ControllerFixture(DevCatalogServer catalog, ControllerHandle controller, string dataDirectory, FakeBundleEvaluator evaluator, ISnapshotCompiler compiler, ControllerOptions options)
    {
        _options = options;
        controller.Services.GetRequiredService<ILoggerFactory>().AddProvider(_log);
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

    /// <summary>The controller's recent log lines (Information and above), oldest first.</summary>
    public string Log => _log.Dump();

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
        return new ControllerFixture(catalog, controller, dataDirectory, evaluator, compiler, options);
    }

    /// <summary>Starts another controller replica against the same catalog, with the first one's settings but its own name and compiler.</summary>
    public async Task<ControllerHandle> StartReplicaAsync(string instanceName, ISnapshotCompiler compiler)
    {
        var options = new ControllerOptions
        {
            ApiAddress = "127.0.0.1:0",
            AdminAddress = null,
            ConsulAddress = Catalog.Address,
            DataDirectory = Directory.CreateDirectory(Path.Combine(DataDirectory, instanceName)).FullName,
            OperatorToken = OperatorToken,
            AgentToken = AgentToken,
            InstanceName = instanceName,
            TrustDomain = _options.TrustDomain,
            LeaderSessionTtl = _options.LeaderSessionTtl,
            LeaderLockDelay = _options.LeaderLockDelay,
        };
        var replica = await ControllerHost.StartAsync(options, new FakeBundleEvaluator(), compiler, CancellationToken.None);
        _others.Add(replica);
        return replica;
    }

    /// <summary>A client of another replica.</summary>
    public ControllerClient Client(ControllerHandle replica)
    {
        var client = new ControllerClient(replica.ApiAddress, OperatorToken);
        _clients.Add(client);
        return client;
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="condition"/> holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        T last;
        while (true)
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; last seen: {last}");
            }

            await Task.Delay(100);
        }
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
            var leading = Controller.Services.GetRequiredService<LeaderService>().IsLeader;
            var calls = Compiler is FakeSnapshotCompiler fake ? fake.Calls.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
            throw new TimeoutException(
                $"{prefix} never matched; last seen: {seen}; controller leading: {leading}, compiler calls: {calls}; controller log:\n{_log.Dump()}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var replica in _others)
        {
            await replica.DisposeAsync();
        }

        await Controller.DisposeAsync();
        await Catalog.DisposeAsync();
        _consulHttp.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
