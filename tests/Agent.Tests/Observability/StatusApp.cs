using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Observability;

/// <summary>A local application that answers <c>/status/&lt;code&gt;</c> with that status, anything else with 200.</summary>
internal sealed class StatusApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<StatusApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "/";
            context.Response.StatusCode = path.StartsWith("/status/", StringComparison.Ordinal)
                ? int.Parse(path["/status/".Length..], CultureInfo.InvariantCulture)
                : StatusCodes.Status200OK;
            return context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        return new StatusApp(app, new Uri(app.Urls.First()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
