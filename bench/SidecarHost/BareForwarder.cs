using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Bench.SidecarHost;

/// <summary>The floor: YARP's <see cref="IHttpForwarder"/> on Kestrel with one tuned invoker and no mesh pipeline.</summary>
internal static class BareForwarder
{
    public static async Task<WebApplication> StartAsync(IPEndPoint listen, int backendPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen);
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
        return app;
    }
}
