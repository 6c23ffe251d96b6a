using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.Cli.Dev;

/// <summary>
/// A sample application for <c>meshctl dev</c>: answers with its service, version and the mesh identity of the
/// caller (from the header the inbound proxy sets). It can fail every n-th request with a 503, so retries show.
/// </summary>
internal sealed class SampleService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _failures;

    private SampleService(WebApplication app, string service, string version)
    {
        _app = app;
        Service = service;
        Version = version;
    }

    public string Service { get; }

    public string Version { get; }

    public int Port { get; private set; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public static async Task<SampleService> StartAsync(string service, string version, int failEvery, CancellationToken cancellationToken, int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var sample = new SampleService(app, service, version);
        app.Run(context => sample.HandleAsync(context, failEvery));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        sample.Port = new Uri(app.Urls.First()).Port;
        return sample;
    }

    private async Task HandleAsync(HttpContext context, int failEvery)
    {
        var n = Interlocked.Increment(ref _requests);
        context.Response.Headers["x-served-by"] = $"{Service} {Version}";
        if (failEvery > 0 && n % failEvery == 0)
        {
            Interlocked.Increment(ref _failures);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("injected application failure\n").ConfigureAwait(false);
            return;
        }

        var caller = context.Request.Headers["x-forwarded-client-cert"].ToString();
        context.Response.Headers["x-caller"] = caller.StartsWith("URI=", StringComparison.Ordinal) ? caller[4..] : "(no mesh identity)";
        await context.Response.WriteAsync($"{Service} {Version}\n").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
