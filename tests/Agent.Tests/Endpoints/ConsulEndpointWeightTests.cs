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

/// <summary>Consul's per-instance <c>Weights</c> reach the proxy's endpoints.</summary>
public sealed class ConsulEndpointWeightTests
{
    [Fact]
    public async Task Track_InstanceWithWeights_EndpointCarriesPassingWeight()
    {
        await using var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await RegisterAsync(http, catalog.Address, "orders-1", 9001, """{"Passing": 3, "Warning": 1}""");
        await RegisterAsync(http, catalog.Address, "orders-2", 9002, null);

        var root = Path.Combine(Path.GetTempPath(), "mesh-weights-" + Guid.NewGuid().ToString("N"));
        var consul = new ConsulClient(http, new ConsulClientOptions { Address = catalog.Address });
        var source = new ConsulEndpointSource(consul, new LastKnownGoodStore(root), TimeProvider.System, NullLogger.Instance, new ConsulWatchOptions { Wait = TimeSpan.FromSeconds(5) });
        await using (source)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.EndpointsChanged += host =>
            {
                if (source.GetEndpoints(host).Count == 2)
                {
                    changed.TrySetResult();
                }
            };

            source.Track("orders");
            await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));

            var endpoints = source.GetEndpoints("orders").OrderBy(e => e.Port).ToList();
            Assert.Equal([3, 1], endpoints.Select(e => e.Weight));
        }

        Directory.Delete(root, recursive: true);
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

    private static async Task RegisterAsync(HttpClient http, Uri catalog, string id, int port, string? weights)
    {
        var body = $$"""{"ID": "{{id}}", "Name": "orders", "Address": "127.0.0.1", "Port": {{port}}{{(weights is null ? "" : ", \"Weights\": " + weights)}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(catalog, "/v1/agent/service/register"), content);
        response.EnsureSuccessStatusCode();
    }
}
