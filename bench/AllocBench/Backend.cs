using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Bench.AllocBench;

/// <summary>A trivial Kestrel backend on loopback answering every request with 1 KiB.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private static readonly byte[] s_body = CreateBody();
    private readonly WebApplication _app;

    private Backend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Backend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(static context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = s_body.Length;
            return context.Response.Body.WriteAsync(s_body).AsTask();
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Backend(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static byte[] CreateBody()
    {
        var body = new byte[1024];
        Array.Fill(body, (byte)'x');
        return body;
    }
}
