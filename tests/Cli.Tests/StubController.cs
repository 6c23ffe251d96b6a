using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Cli.Tests;

/// <summary>
/// A fake controller on 127.0.0.1:0: answers 401 unless the bearer token is <see cref="GoodToken"/>, then the
/// status code it was built with (503 "Consul is unavailable" by default). With a certificate it speaks https.
/// </summary>
internal sealed class StubController : IAsyncDisposable
{
    public const string GoodToken = "good-token";

    private readonly WebApplication _app;

    private StubController(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The address as meshctl prints it (no trailing slash).</summary>
    public string Display => Address.AbsoluteUri.TrimEnd('/');

    public static async Task<StubController> StartAsync(int status = StatusCodes.Status503ServiceUnavailable, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            listen = l;
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            var authorized = context.Request.Headers.Authorization.ToString() == $"Bearer {GoodToken}";
            context.Response.StatusCode = authorized ? status : StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            var error = !authorized ? "missing or invalid token" : status == 503 ? "Consul is unavailable: connection refused" : "something broke";
            await context.Response.WriteAsync($$"""{"error":"{{error}}"}""");
        });
        await app.StartAsync();
        var port = ((IPEndPoint)listen!.EndPoint).Port;
        var scheme = certificate is null ? "http" : "https";
        return new StubController(app, new Uri($"{scheme}://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
