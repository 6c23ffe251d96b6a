using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tests;

/// <summary>A real Kestrel upstream on 127.0.0.1, port 0, that records what it received.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, int port, string name)
    {
        _app = app;
        Port = port;
        Name = name;
    }

    public int Port { get; }

    public string Name { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Requests.Count;

    public static async Task<Upstream> StartAsync(string name, Func<HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        Upstream? self = null;
        app.Run(async context =>
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in context.Request.Headers)
            {
                headers[key] = value.ToString();
            }

            self!.Requests.Enqueue(new RecordedRequest(context.Request.Host.Value ?? "", context.Request.Path + context.Request.QueryString, headers));
            context.Response.Headers["x-upstream"] = name;
            if (handler is not null)
            {
                await handler(context);
            }
            else
            {
                await context.Response.WriteAsync(name);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new Upstream(app, new Uri(address).Port, name);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Host, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
