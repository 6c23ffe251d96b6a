using System.Net;
using Mesh.Hosting.Logging;
using Mesh.Identity;
using Mesh.Snapshots.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The inbound listener of one local service: terminates mTLS (or takes plain text, as the peer authentication
/// mode allows), authorizes each request against the service's policies with the peer's SPIFFE id as principal,
/// and forwards what is allowed to the local application.
/// </summary>
internal sealed partial class InboundListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;

    private InboundListener(WebApplication app, HttpMessageInvoker invoker, IPEndPoint endPoint)
    {
        _app = app;
        _invoker = invoker;
        LocalEndPoint = endPoint;
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts the listener.</summary>
    /// <param name="bind">Where to listen.</param>
    /// <param name="application">The local application (plain HTTP).</param>
    /// <param name="tls">The workload's current TLS settings.</param>
    /// <param name="policy">The service's current inbound policy (from its own host's snapshot).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<InboundListener> StartAsync(
        IPEndPoint bind, Uri application, Func<MeshTls> tls, Func<InboundPolicy> policy, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("Mesh.Agent.Inbound");
        var detector = new PeerTlsDetector(tls, () => policy().Mode, logger);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddHttpForwarder();
        ListenOptions? listenOptions = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(bind, listen =>
            {
                listenOptions = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection => detector.OnConnectionAsync(connection, next));
            });
        });

        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var prefix = application.ToString();
        app.Run(context => HandleAsync(context, policy(), forwarder, invoker, prefix, logger));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = listenOptions?.IPEndPoint ?? bind;
        if (bound.Port == 0)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            bound = new IPEndPoint(bind.Address, new Uri(address).Port);
        }

        return new InboundListener(app, invoker, bound);
    }

    private static async Task HandleAsync(HttpContext context, InboundPolicy policy, IHttpForwarder forwarder, HttpMessageInvoker invoker, string prefix, ILogger logger)
    {
        var peer = context.Features.Get<MeshPeerFeature>();
        var request = new AuthorizationRequest(
            peer?.Peer,
            context.Connection.RemoteIpAddress,
            context.Request.Host.Host,
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Connection.LocalPort,
            context.Request.Headers);
        var decision = AuthorizationEvaluator.Evaluate(policy.Policies, request);
        if (decision.Audited.Count > 0 || !decision.Allowed)
        {
            using (logger.BeginScope(new Dictionary<string, object> { [MeshLogging.AuditProperty] = true }))
            {
                LogAudit(logger, decision.Allowed ? "allow" : "deny", decision.Policy, decision.Audited, request.Principal, request.Method, request.Path);
            }
        }

        if (!decision.Allowed)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("RBAC: access denied\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The application learns who called, as Envoy tells it; a client cannot forge the header.
        context.Request.Headers.Remove("x-forwarded-client-cert");
        if (peer?.Peer is { } id)
        {
            context.Request.Headers["x-forwarded-client-cert"] = "URI=" + id;
        }

        var error = await forwarder.SendAsync(context, prefix, invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, prefix, error);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _invoker.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "authz decision={Decision} policy={Policy} audit={Audit} principal={Principal} method={Method} path={Path}")]
    private static partial void LogAudit(ILogger logger, string decision, string? policy, IReadOnlyList<string> audit, SpiffeId? principal, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to the local application at {Application} failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string application, ForwarderError error);
}
