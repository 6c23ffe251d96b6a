using System.Net;
using Mesh.Identity;
using Mesh.Proxy.Hosting;
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
    private InboundTelemetry? _telemetry;

    private InboundListener(WebApplication app, HttpMessageInvoker invoker, IPEndPoint endPoint)
    {
        _app = app;
        _invoker = invoker;
        LocalEndPoint = endPoint;
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts the listener for an unnamed service (audit events name the application address instead).</summary>
    /// <param name="bind">Where to listen.</param>
    /// <param name="application">The local application (plain HTTP).</param>
    /// <param name="tls">The workload's current TLS settings.</param>
    /// <param name="policy">The service's current inbound policy (from its own host's snapshot).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<InboundListener> StartAsync(
        IPEndPoint bind, Uri application, Func<MeshTls> tls, Func<InboundPolicy> policy, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
        => StartAsync(application.Authority, bind, application, tls, policy, loggerFactory, cancellationToken);

    /// <summary>
    /// Starts the listener. The workload port is the application's port: peer authentication applies
    /// <see cref="InboundPolicy.ModeFor"/> of it (port-level mTLS), and policies' <c>ports</c> match it.
    /// </summary>
    /// <param name="service">The service's name, for audit events.</param>
    /// <param name="bind">Where to listen.</param>
    /// <param name="application">The local application (plain HTTP).</param>
    /// <param name="tls">The workload's current TLS settings.</param>
    /// <param name="policy">The service's current inbound policy (from its own host's snapshot).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<InboundListener> StartAsync(
        string service, IPEndPoint bind, Uri application, Func<MeshTls> tls, Func<InboundPolicy> policy, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
        => StartAsync(service, bind, application, tls, policy, loggerFactory, null, cancellationToken);

    /// <summary>As above; <paramref name="telemetry"/> (when set) records each request as the destination reporter (span, metrics, access log).</summary>
    public static async Task<InboundListener> StartAsync(
        string service, IPEndPoint bind, Uri application, Func<MeshTls> tls, Func<InboundPolicy> policy, ILoggerFactory loggerFactory, InboundTelemetry? telemetry, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("Mesh.Agent.Inbound");
        var workloadPort = application.Port;
        var detector = new PeerTlsDetector(tls, () => policy().ModeFor(workloadPort), logger);
        var audit = new AuditLog(loggerFactory, service);
        var builder = EmbeddedWebHost.CreateBuilder(loggerFactory);
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
        app.Run(context => telemetry is null
            ? HandleAsync(context, policy(), workloadPort, audit, forwarder, invoker, prefix, logger)
            : telemetry.ObserveAsync(context, () => HandleAsync(context, policy(), workloadPort, audit, forwarder, invoker, prefix, logger)));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = listenOptions?.IPEndPoint ?? bind;
        if (bound.Port == 0)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            bound = new IPEndPoint(bind.Address, new Uri(address).Port);
        }

        return new InboundListener(app, invoker, bound) { _telemetry = telemetry };
    }

    private static async Task HandleAsync(
        HttpContext context, InboundPolicy policy, int workloadPort, AuditLog audit, IHttpForwarder forwarder, HttpMessageInvoker invoker, string prefix, ILogger logger)
    {
        var peer = context.Features.Get<MeshPeerFeature>();
        var request = new AuthorizationRequest
        {
            Principal = peer?.Peer,
            SourceIp = context.Connection.RemoteIpAddress,
            DestinationIp = context.Connection.LocalIpAddress,
            Sni = peer?.Sni,
            Host = context.Request.Host.Value ?? "",
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            Port = workloadPort,
            Headers = context.Request.Headers,
        };
        var decision = AuthorizationEvaluator.Evaluate(policy.Policies, request);
        var requestId = context.Request.Headers["x-request-id"].ToString() is { Length: > 0 } id ? id : context.TraceIdentifier;
        audit.Record(decision, request, requestId);

        if (!decision.Allowed)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("RBAC: access denied\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The application learns who called, as Envoy tells it; a client cannot forge the header.
        context.Request.Headers.Remove("x-forwarded-client-cert");
        if (peer?.Peer is { } caller)
        {
            context.Request.Headers["x-forwarded-client-cert"] = "URI=" + caller;
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
        _telemetry?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to the local application at {Application} failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string application, ForwarderError error);
}
