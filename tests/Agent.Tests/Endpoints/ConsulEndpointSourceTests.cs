using System.Net;
using System.Text;
using Mesh.Agent.Endpoints;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Agent;
using Mesh.Consul.Health;
using Mesh.Consul.Watch;
using Mesh.DevCatalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Tests.Endpoints;

/// <summary>
/// The endpoints Consul gives a proxy, against the development catalog: instance weights, and one watch per host however
/// many requests ask for it at once.
/// </summary>
public sealed class ConsulEndpointSourceTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mesh-endpoints-" + Guid.NewGuid().ToString("N"));
    private readonly HealthQueryCounter _counter = new(new SocketsHttpHandler());
    private DevCatalogServer? _catalog;
    private HttpClient? _http;

    private DevCatalogServer Catalog => _catalog ?? throw new InvalidOperationException("not started");

    private HttpClient Http => _http ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        _http = new HttpClient(_counter) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_catalog is not null)
        {
            await _catalog.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Track_InstanceWithWeights_EndpointCarriesPassingWeight()
    {
        await RegisterAsync("orders-1", 9001, """{"Passing": 3, "Warning": 1}""");
        await RegisterAsync("orders-2", 9002, null);

        await using var source = CreateSource();
        var found = EndpointsFound(source, "orders", 2);
        source.Track("orders");
        await found.WaitAsync(TimeSpan.FromSeconds(20));

        var endpoints = source.GetEndpoints("orders").OrderBy(e => e.Port).ToList();
        Assert.Equal([3, 1], endpoints.Select(e => e.Weight));
    }

    [Fact]
    public void WeightOf_CheckInWarning_UsesWarningWeight()
    {
        var entry = new ServiceEntry
        {
            Service = new AgentService { Service = "orders", Weights = new AgentWeights { Passing = 10, Warning = 2 } },
            Checks = [new HealthCheck { Status = "passing" }, new HealthCheck { Status = "warning" }],
        };

        Assert.Equal(2, ConsulEndpointSource.WeightOf(entry));
    }

    [Fact]
    public async Task Track_ManyCallersAtOnce_WatchesTheHostOnce()
    {
        // A gateway or sidecar tracks a host when a request first names it; a burst of requests for a new host must not
        // start a blocking query per request (each would hold a Consul connection for good).
        await RegisterAsync("orders-1", 9001, null);
        await using var source = CreateSource();
        var found = EndpointsFound(source, "orders", 1);

        using var start = new Barrier(16);
        var callers = Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                source.Track("orders");
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(callers);

        // The first query answers at once, the second blocks for the 10 s wait: one watch makes two queries here.
        await found.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        Assert.InRange(_counter.HealthQueries, 1, 2);
    }

    private ConsulEndpointSource CreateSource() => new(
        new ConsulClient(Http, new ConsulClientOptions { Address = Catalog.Address }),
        new LastKnownGoodStore(_root),
        TimeProvider.System,
        NullLogger.Instance,
        new ConsulWatchOptions { Wait = TimeSpan.FromSeconds(10) });

    private static Task EndpointsFound(ConsulEndpointSource source, string host, int count)
    {
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.EndpointsChanged += changed =>
        {
            if (changed == host && source.GetEndpoints(changed).Count == count)
            {
                found.TrySetResult();
            }
        };

        return found.Task;
    }

    private async Task RegisterAsync(string id, int port, string? weights)
    {
        var body = $$"""{"ID": "{{id}}", "Name": "orders", "Address": "127.0.0.1", "Port": {{port}}{{(weights is null ? "" : ", \"Weights\": " + weights)}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(new Uri(Catalog.Address, "/v1/agent/service/register"), content);
        response.EnsureSuccessStatusCode();
    }

    private sealed class HealthQueryCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _healthQueries;

        public int HealthQueries => Volatile.Read(ref _healthQueries);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/v1/health/service/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _healthQueries);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
