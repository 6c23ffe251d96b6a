using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Observability;

/// <summary>A tiny OTLP/HTTP collector on loopback: records each <c>POST /v1/traces</c> (content type and body length).</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, <c>http://127.0.0.1:port</c> (no path).</summary>
    public Uri Address { get; }

    public ConcurrentQueue<(string? ContentType, long Length)> Exports { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/traces", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver!.Exports.Enqueue((context.Request.ContentType, body.Length));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver = new OtlpReceiver(app, new Uri(app.Urls.First()));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
