using System.Globalization;
using System.Net;
using System.Runtime;
using System.Runtime.InteropServices;
using Mesh.Bench.SidecarHost;
using Mesh.Hosting.Metrics;
using Mesh.Identity;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Routing;
using Mesh.Proxy.Transport;
using Mesh.Snapshots;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The benchmark sidecar: our proxy for one upstream, configured as the agent configures it.
var options = SidecarOptions.Parse(args);
var identity = new SpiffeId("bench.mesh", "default", options.Host);
MeshTls? tls = null;
if (options.TlsListen || options.TlsUpstream)
{
    using var ca = new BuiltInCertificateAuthority("bench.mesh", options.CaDirectory, TimeProvider.System);
    var certificate = await ca.IssueAsync(identity, TimeSpan.FromHours(24), CancellationToken.None).ConfigureAwait(false);
    var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None).ConfigureAwait(false);
    tls = new MeshTls(() => certificate, anchors, TimeProvider.System);
}

var snapshot = new ProxySnapshot
{
    Version = "1",
    Host = options.Host,
    Http =
    [
        new HttpRoute
        {
            Name = "default",
            Match = [new HttpMatch { Uri = new StringMatch { Prefix = "/" } }],
            Route = [new RouteDestination { Host = options.Host }],
            Retries = new RetryPolicy { Attempts = 2, RetryOn = ["connect-failure", "refused-stream", "503"] },
        },
    ],
};
var endpoint = new UpstreamEndpoint { Address = "127.0.0.1", Port = options.BackendPort };
var listen = new IPEndPoint(IPAddress.Loopback, options.Port);

void Configure(IServiceProvider services)
{
    services.GetRequiredService<StaticEndpointSource>().Set(options.Host, endpoint);
    services.GetRequiredService<RouteTableHolder>().Swap(RouteTable.Build([snapshot]));
}

void AddProxy(IServiceCollection services)
{
    services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    if (options.TlsUpstream)
    {
        services.AddSingleton<IUpstreamTlsProvider>(new MeshTlsUpstream(tls!, identity));
    }

    services.AddMeshProxy();
}

// The agent's Prometheus exporter collects the proxy's metrics, as in mesh-agent (its admin endpoint's /metrics).
using var metrics = options.Bare ? null : new PrometheusMetrics("Mesh");
using var sampler = options.SampleAllocations ? new AllocationSampler() : null;
IAsyncDisposable running;
if (options.Bare)
{
    running = await BareForwarder.StartAsync(listen, options.BackendPort).ConfigureAwait(false);
}
else if (options.TlsListen)
{
    // ProxyListener is plaintext only: the inbound mTLS listener is our own Kestrel in front of the same engine.
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseMeshTransport();
    AddProxy(builder.Services);
    var selector = tls!.CreateServerOptionsSelector(requireClientCertificate: true);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.AddServerHeader = false;
        kestrel.Listen(listen, l => l.UseHttps(selector, state: null!));
    });
    var app = builder.Build();
    Configure(app.Services);
    app.RunMeshProxy();
    await app.StartAsync().ConfigureAwait(false);
    running = app;
}
else
{
    var services = new ServiceCollection();
    AddProxy(services);
    var provider = services.BuildServiceProvider();
    Configure(provider);
    running = await ProxyListener.StartAsync(provider, listen).ConfigureAwait(false);
}

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

// SIGHUP prints allocation and GC figures since start (and the sampler's top types), for per-request arithmetic.
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"STATS allocated={GC.GetTotalAllocatedBytes(precise: false)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F1} heap={GC.GetTotalMemory(false)} committed={GC.GetGCMemoryInfo().TotalCommittedBytes} gen0_budget={GC.GetGCMemoryInfo().GenerationInfo[0].SizeBeforeBytes}"));
    if (sampler is not null)
    {
        Console.WriteLine(sampler.Report(15));
    }
});

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY port={options.Port} gc={(GCSettings.IsServerGC ? "server" : "workstation")} latency={GCSettings.LatencyMode} cpus={Environment.ProcessorCount} tls-listen={options.TlsListen} tls-upstream={options.TlsUpstream} bare={options.Bare} inline-sockets={Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "0"}"));
await stop.Task.ConfigureAwait(false);
await running.DisposeAsync().ConfigureAwait(false);
