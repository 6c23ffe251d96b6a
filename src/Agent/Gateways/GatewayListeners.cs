using System.Collections.Frozen;
using System.Net;
using Mesh.Agent.Endpoints;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Hosting;
using Mesh.Snapshots.Gateways;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Mesh.Agent.Gateways;

/// <summary>
/// The listeners of one set of gateway servers: one Kestrel application for the HTTP and TLS-terminating servers
/// (per port, SNI picks the certificate), one <see cref="PassthroughListener"/> per passthrough port.
/// </summary>
internal sealed partial class GatewayListeners : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly List<PassthroughListener> _passthrough;
    private readonly List<TlsServerSelector> _selectors;

    private GatewayListeners(WebApplication? app, List<PassthroughListener> passthrough, List<TlsServerSelector> selectors)
    {
        _app = app;
        _passthrough = passthrough;
        _selectors = selectors;
    }

    public static async Task<GatewayListeners> StartAsync(
        IReadOnlyList<GatewayServer> servers, GatewayRouter router, MeshFirstEndpointSource<ConsulEndpointSource> endpoints, GatewayTlsProvider tls, GatewayCredentials credentials,
        ILoggerFactory loggerFactory, TimeProvider time, Mesh.Proxy.Observability.ProxyObservabilityOptions observability, CancellationToken cancellationToken)
    {
        var selectors = new List<TlsServerSelector>();
        var passthrough = new List<PassthroughListener>();
        var logger = loggerFactory.CreateLogger("Mesh.Agent.Gateway");
        try
        {
            var byPort = servers.GroupBy(s => (Bind: s.Bind ?? "0.0.0.0", s.Port)).ToList();
            var http = byPort.Where(g => !g.Any(IsPassthrough)).ToList();
            foreach (var group in byPort.Where(g => g.Any(IsPassthrough)))
            {
                passthrough.Add(new PassthroughListener(new IPEndPoint(IPAddress.Parse(group.Key.Bind), group.Key.Port), group.Where(IsPassthrough), endpoints, time, logger));
            }

            if (http.Count == 0)
            {
                return new GatewayListeners(null, passthrough, selectors);
            }

            var builder = EmbeddedWebHost.CreateBuilder(loggerFactory);
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton<Mesh.Proxy.Endpoints.IEndpointSource>(endpoints);
            builder.Services.AddSingleton<IUpstreamTlsProvider>(tls);
            builder.Services.AddSingleton(router.Routes);
            builder.Services.AddMeshProxy();
            builder.Services.ConfigureMeshObservability(observability);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                foreach (var group in http)
                {
                    var terminating = group.Where(s => s.Tls is not null).ToList();
                    TlsServerSelector? selector = null;
                    if (terminating.Count > 0)
                    {
                        selector = new TlsServerSelector(terminating, () => tls.Mesh, credentials);
                        selectors.Add(selector);
                    }

                    kestrel.Listen(IPAddress.Parse(group.Key.Bind), group.Key.Port, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        if (selector is not null)
                        {
                            listen.UseHttps(new TlsHandshakeCallbackOptions
                            {
                                OnConnection = context => ValueTask.FromResult(selector.Select(context.ClientHelloInfo.ServerName)),
                            });
                        }
                    });
                }
            });

            var app = builder.Build();
            var serversByPort = http.GroupBy(g => g.Key.Port).ToFrozenDictionary(g => g.Key, g => g.SelectMany(s => s).ToArray());
            app.Use((context, next) => HandleAsync(context, next, serversByPort, router));
            app.RunMeshProxy();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new GatewayListeners(app, passthrough, selectors);
        }
        catch
        {
            await new GatewayListeners(null, passthrough, selectors).DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool IsPassthrough(GatewayServer server) => server.Tls?.Mode is GatewayTlsMode.Passthrough or GatewayTlsMode.AutoPassthrough;

    private static async Task HandleAsync(HttpContext context, RequestDelegate next, FrozenDictionary<int, GatewayServer[]> serversByPort, GatewayRouter router)
    {
        var request = context.Request;
        var host = request.Host.Host;
        if (!serversByPort.TryGetValue(context.Connection.LocalPort, out var servers) || !servers.Any(s => HostPattern.MatchesAny(s.Hosts, host)))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "the gateway serves no host \"" + host + "\" on this port").ConfigureAwait(false);
            return;
        }

        if (!request.IsHttps && servers.Any(s => s.HttpsRedirect && s.Tls is null && HostPattern.MatchesAny(s.Hosts, host)))
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = "https://" + host + request.PathBase + request.Path + request.QueryString;
            return;
        }

        var info = await router.PrepareAsync(host, request.Host.Port, context.RequestAborted).ConfigureAwait(false);
        if (router.Refuses(info) && router.Routes.Current.Match(request) is null)
        {
            await WriteAsync(context, StatusCodes.Status502BadGateway,
                "host \"" + host + "\" is not in the mesh registry and the outbound traffic policy is registry_only; add a service_entry for it").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var listener in _passthrough)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var selector in _selectors)
        {
            selector.Dispose();
        }
    }
}
