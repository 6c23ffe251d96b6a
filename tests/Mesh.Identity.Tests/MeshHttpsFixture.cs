using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Identity.Tests;

/// <summary>A Kestrel HTTPS server on 127.0.0.1:0 whose TLS comes from <see cref="MeshTls"/> (strict mTLS); it answers the client certificate's serial.</summary>
internal sealed class MeshHttpsFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MeshHttpsFixture(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<MeshHttpsFixture> StartAsync(MeshTls tls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(tls.CreateServerOptionsSelector(requireClientCertificate: true), state: null!);
        }));
        var app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Connection.ClientCertificate?.SerialNumber ?? "none");
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        return new MeshHttpsFixture(app, new Uri($"https://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
