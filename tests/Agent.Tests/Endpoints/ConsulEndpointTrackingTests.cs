using System.Net;
using System.Text;
using Mesh.Agent.Endpoints;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Consul.Watch;
using Mesh.DevCatalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Tests.Endpoints;

/// <summary>How many Consul watches tracking hosts costs: one per host, however many requests ask for it at once.</summary>
public sealed class ConsulEndpointTrackingTests
{
    [Fact]
    public async Task Track_ManyCallersAtOnce_WatchesTheHostOnce()
    {
        // A gateway or sidecar tracks a host when a request first names it; a burst of requests for a new host must not
        // start a blocking query per request (each would hold a Consul connection for good).
        await using var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        var counting = new HealthQueryCounter(new SocketsHttpHandler());
        using var http = new HttpClient(counting) { Timeout = TimeSpan.FromSeconds(30) };
        using (var content = new StringContent("""{"ID": "orders-1", "Name": "orders", "Address": "127.0.0.1", "Port": 9001}""", Encoding.UTF8, "application/json"))
        using (var response = await http.PutAsync(new Uri(catalog.Address, "/v1/agent/service/register"), content))
        {
            response.EnsureSuccessStatusCode();
        }

        var root = Path.Combine(Path.GetTempPath(), "mesh-tracking-" + Guid.NewGuid().ToString("N"));
        var consul = new ConsulClient(http, new ConsulClientOptions { Address = catalog.Address });
        var source = new ConsulEndpointSource(consul, new LastKnownGoodStore(root), TimeProvider.System, NullLogger.Instance, new ConsulWatchOptions { Wait = TimeSpan.FromSeconds(10) });
        await using (source)
        {
            var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.EndpointsChanged += host =>
            {
                if (source.GetEndpoints(host).Count == 1)
                {
                    found.TrySetResult();
                }
            };

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
            await found.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(500);
            Assert.InRange(counting.HealthQueries, 1, 2);
        }

        Directory.Delete(root, recursive: true);
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
