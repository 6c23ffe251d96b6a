using System.Net;
using Mesh.Proxy.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Hosting;

/// <summary>
/// An outbound listener: a Kestrel server on one endpoint that sends every request through the proxy engine registered with <see cref="MeshProxyServiceCollectionExtensions.AddMeshProxy"/>.
/// </summary>
public sealed class ProxyListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyListener(WebApplication app, IPEndPoint boundEndPoint)
    {
        _app = app;
        LocalEndPoint = boundEndPoint;
    }

    /// <summary>The endpoint actually bound (the real port when port 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts a listener on <paramref name="endPoint"/> using the proxy in <paramref name="services"/>.</summary>
    /// <param name="services">The provider holding <see cref="MeshProxyServiceCollectionExtensions.AddMeshProxy"/>'s services.</param>
    /// <param name="endPoint">Where to listen (port 0 picks a free port).</param>
    /// <param name="protocols">
    /// Kestrel cannot serve HTTP/1.1 and cleartext HTTP/2 (h2c prior knowledge) on one plaintext port:
    /// <see cref="HttpProtocols.Http1"/> (the default) for HTTP/1.1 apps, <see cref="HttpProtocols.Http2"/> for an h2c/gRPC port.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ProxyListener> StartAsync(IServiceProvider services, IPEndPoint endPoint, HttpProtocols protocols = HttpProtocols.Http1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(endPoint);
        var forwarder = services.GetRequiredService<MeshForwarder>();
        var builder = EmbeddedWebHost.CreateBuilder(services.GetRequiredService<ILoggerFactory>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint, listen => listen.Protocols = protocols);
        });
        var app = builder.Build();
        app.Run(new RequestDelegate(forwarder.InvokeAsync));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new ProxyListener(app, new IPEndPoint(endPoint.Address, port));
    }

    /// <summary>Stops accepting requests and drains in-flight ones.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
