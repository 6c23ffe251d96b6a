using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>
/// A loopback Kestrel standing in for a host outside the mesh: answers <c>name|host|x-egress header|client certificate?</c>
/// so tests see which hop set what.
/// </summary>
internal sealed class ExternalBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExternalBackend(WebApplication app)
    {
        _app = app;
        Port = new Uri(app.Urls.First()).Port;
    }

    public int Port { get; }

    public static async Task<ExternalBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(name + "|" + context.Request.Host.Host + "|" + context.Request.Headers["x-egress"]));
        await app.StartAsync();
        return new ExternalBackend(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
