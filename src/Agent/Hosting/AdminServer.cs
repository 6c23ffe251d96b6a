using System.Net;
using Mesh.Hosting;
using Mesh.Hosting.Admin;
using Mesh.Proxy.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Mesh.Agent.Hosting;

/// <summary>The loopback admin API: <c>/healthz/live</c>, <c>/healthz/ready</c>, <c>/metrics</c>, <c>/v1/proxy-config</c>.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<AdminServer> StartAsync(string address, Func<byte[]> proxyConfig, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var bind = AdminEndpoints.ParseLoopbackAddress(address);
        var builder = EmbeddedWebHost.CreateBuilder(loggerFactory);
        builder.Services.AddRoutingCore();
        builder.Services.AddMeshAdmin();
        builder.Services.AddHealthChecks()
            .AddCheck("agent", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), [HealthTags.Live, HealthTags.Ready]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bind));
        var app = builder.Build();
        app.MapMeshAdmin();
        app.MapGet("/v1/proxy-config", () => Results.Bytes(proxyConfig(), "application/json"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new AdminServer(app, new IPEndPoint(bind.Address, bound.Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
