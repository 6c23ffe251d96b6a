using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Bench.AllocBench;

/// <summary>The floor: YARP's <see cref="IHttpForwarder"/> on Kestrel with one invoker and no mesh pipeline.</summary>
internal sealed class BareProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareProxy(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BareProxy> StartAsync(int backendPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
        });
        var prefix = "http://127.0.0.1:" + backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) };
        app.Run(async context => await forwarder.SendAsync(context, prefix, invoker, config, HttpTransformer.Default).ConfigureAwait(false));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareProxy(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
