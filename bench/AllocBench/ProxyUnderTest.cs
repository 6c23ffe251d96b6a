using System.Diagnostics;
using System.Net;
using Mesh.Hosting.Metrics;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Snapshots;
using Mesh.Snapshots.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Bench.AllocBench;

/// <summary>
/// The proxy as the agent runs it for one upstream (one route, retries on connect-failure/refused-stream/503,
/// outbound identity for Istio's source labels), plus whatever listens to it in the scenario.
/// </summary>
internal sealed class ProxyUnderTest : IAsyncDisposable
{
    private readonly ProxyListener _listener;
    private readonly ServiceProvider _services;
    private readonly PrometheusMetrics? _meters;
    private readonly ActivityListener? _activities;
    private readonly string? _logPath;

    private ProxyUnderTest(ProxyListener listener, ServiceProvider services, PrometheusMetrics? meters, ActivityListener? activities, string? logPath)
    {
        _listener = listener;
        _services = services;
        _meters = meters;
        _activities = activities;
        _logPath = logPath;
    }

    public int Port => _listener.LocalEndPoint.Port;

    public static async Task<ProxyUnderTest> StartAsync(Scenario scenario, int backendPort)
    {
        var meters = scenario.CollectMetrics ? new PrometheusMetrics("Mesh") : null;
        var activities = scenario.TraceListener ? StartActivityListener() : null;
        var logPath = scenario.AccessLog ? Path.Combine(Path.GetTempPath(), "allocbench-" + Environment.ProcessId + ".log") : null;

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMeshProxy();
        services.ConfigureMeshObservability(new ProxyObservabilityOptions
        {
            Identity = new ProxyIdentity
            {
                ServiceName = "web",
                Namespace = "default",
                Version = "v1",
                Principal = "spiffe://bench.mesh/ns/default/svc/web",
                Role = ProxyRole.Outbound,
            },
            TraceSamplingRatio = scenario.SamplingRatio,
            AccessLog = new ProxyAccessLogOptions { Enabled = scenario.AccessLog, Path = logPath },
        });
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<StaticEndpointSource>().Set("bench", new UpstreamEndpoint { Address = "127.0.0.1", Port = backendPort });
        provider.GetRequiredService<RouteTableHolder>().Swap(RouteTable.Build([CreateSnapshot()]));
        var listener = await ProxyListener.StartAsync(provider, new IPEndPoint(IPAddress.Loopback, 0)).ConfigureAwait(false);
        return new ProxyUnderTest(listener, provider, meters, activities, logPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
        _meters?.Dispose();
        _activities?.Dispose();
        if (_logPath is not null)
        {
            File.Delete(_logPath);
        }
    }

    private static ProxySnapshot CreateSnapshot() => new()
    {
        Version = "1",
        Host = "bench",
        Http =
        [
            new HttpRoute
            {
                Name = "default",
                Match = [new HttpMatch { Uri = new StringMatch { Prefix = "/" } }],
                Route = [new RouteDestination { Host = "bench" }],
                Retries = new RetryPolicy { Attempts = 2, RetryOn = ["connect-failure", "refused-stream", "503"] },
            },
        ],
    };

    // Stands in for an OTLP exporter: records every span of the proxy's source.
    private static ActivityListener StartActivityListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == MeshProxyTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
