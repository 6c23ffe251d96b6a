using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Agent.Tests.Integration;
using Mesh.Identity;
using Mesh.Snapshots.Security;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>A test application behind a real inbound listener on 127.0.0.1:0, with workload certificates from a built-in CA.</summary>
internal sealed class InboundListenerFixture : IAsyncDisposable
{
    private readonly BuiltInCertificateAuthority _ca;
    private readonly TestApp _app;
    private readonly InboundListener _listener;
    private readonly ILoggerFactory _loggers;

    private InboundListenerFixture(BuiltInCertificateAuthority ca, TestApp app, InboundListener listener, ILoggerFactory loggers, CapturingLoggerProvider logs)
    {
        _ca = ca;
        _app = app;
        _listener = listener;
        _loggers = loggers;
        Logs = logs;
    }

    public CapturingLoggerProvider Logs { get; }

    public int AppPort => _app.Port;

    public IPEndPoint EndPoint => _listener.LocalEndPoint;

    public InboundPolicy Policy { get; set; } = new();

    public static async Task<InboundListenerFixture> StartAsync(Func<int, InboundPolicy> policy)
    {
        var ca = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        var server = await ca.IssueAsync(new SpiffeId("mesh.local", "default", "api"), TimeSpan.FromHours(1), CancellationToken.None);
        var tls = new MeshTls(() => server, [ca.Root], TimeProvider.System);
        var app = await TestApp.StartAsync("api");
        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        InboundListenerFixture? fixture = null;
        var listener = await InboundListener.StartAsync(
            "api", new IPEndPoint(IPAddress.Loopback, 0), new Uri($"http://127.0.0.1:{app.Port}/"), () => tls, () => fixture!.Policy, loggers, CancellationToken.None);
        fixture = new InboundListenerFixture(ca, app, listener, loggers, logs) { Policy = policy(app.Port) };
        return fixture;
    }

    /// <summary>A client with a workload certificate for <paramref name="service"/> that expects the api's identity.</summary>
    public async Task<HttpClient> MutualTlsClientAsync(string service)
    {
        var certificate = await _ca.IssueAsync(new SpiffeId("mesh.local", "default", service), TimeSpan.FromHours(1), CancellationToken.None);
        var tls = new MeshTls(() => certificate, [_ca.Root], TimeProvider.System);
        return new HttpClient(tls.CreateHttpHandler("spiffe://mesh.local/ns/default/svc/api", "api")) { BaseAddress = new Uri($"https://127.0.0.1:{EndPoint.Port}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public HttpClient PlainClient() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{EndPoint.Port}/"), Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The status of a GET, or 0 when the connection was refused or closed.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path = "/", string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (requestId is not null)
        {
            request.Headers.Add("x-request-id", requestId);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _app.DisposeAsync();
        _loggers.Dispose();
        _ca.Dispose();
    }
}
