using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Mesh.Identity;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Security;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>agent.hcl <c>tls { min_version }</c> on the inbound handshake, and <c>audit_log { path }</c> on a denied request.</summary>
public sealed class TlsVersionAndAuditFileTests
{
    private static readonly SpiffeId s_web = new("mesh.local", "default", "web");
    private static readonly SpiffeId s_api = new("mesh.local", "default", "api");

    /// <summary>Handshakes with <paramref name="inbound"/> as web, offering TLS 1.2 only; true when the server accepted.</summary>
    private static async Task<bool> HandshakeTls12Async(MeshTestEnvironment env, IPEndPoint inbound)
    {
        using var web = await env.Ca.IssueAsync(s_web, TimeSpan.FromHours(1), CancellationToken.None);
        var tls = new MeshTls(() => web, [env.Ca.Root], TimeProvider.System, new MeshTlsOptions { MinimumVersion = "1.2" }, null);
        var options = tls.CreateClientOptions(s_api, "api");
        options.EnabledSslProtocols = SslProtocols.Tls12;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, inbound.Port), timeout.Token);
            await using var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsClientAsync(options, timeout.Token);
            await ssl.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: api\r\nConnection: close\r\n\r\n"), timeout.Token);
            using var reader = new StreamReader(ssl, Encoding.UTF8);
            var response = await reader.ReadToEndAsync(timeout.Token);
            return ssl.SslProtocol == SslProtocols.Tls12 && response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("1.2", true)]
    [InlineData("1.3", false)]
    public async Task Inbound_Tls12OnlyPeer_AcceptedOnlyWhenMinVersionIs12(string minVersion, bool accepted)
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var app = await env.StartAppAsync("api");
        var options = env.Options("node-b", Service("api", app.Port));
        options.Tls.MinVersion = minVersion;
        var agent = await env.StartAgentAsync(options);

        Assert.Equal(accepted, await HandshakeTls12Async(env, agent.GetInboundEndPoint("api")!));
    }

    [Fact]
    public async Task AuditLog_DeniedRequest_AppendsOneJsonLineToTheFile()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var deny = new AuthorizationPolicy
        {
            Name = "no-admin-from-web",
            Action = AuthorizationAction.Deny,
            Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = ["default/web"] }], To = [new AuthorizationOperation { Paths = ["/admin*"] }] }],
        };
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "api",
            Http = [new HttpRoute { Route = [new RouteDestination { Host = "api" }] }],
            Clusters = [new Cluster { Host = "api" }],
            Inbound = new InboundPolicy { Mode = PeerAuthenticationMode.Strict, Policies = [deny] },
        });
        var appA = await env.StartAppAsync("web");
        var appB = await env.StartAppAsync("api");
        var auditPath = Path.Combine(env.Root, "log", "audit.log");
        var optionsB = env.Options("node-b", Service("api", appB.Port));
        optionsB.AuditLog.Path = auditPath;
        await env.StartAgentAsync(optionsB);
        var agentA = await env.StartAgentAsync(env.Options("node-a", Service("web", appA.Port, "api")));
        var outbound = agentA.GetOutboundEndPoint("web", "api")!;
        await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "web reaches api");

        var (status, _) = await GetAsync(outbound, "/admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        // The audit file is written by a background loop (off the request path): wait for the line.
        var text = "";
        await EventuallyAsync(async () =>
        {
            using var reader = new StreamReader(new FileStream(auditPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            text = await reader.ReadToEndAsync();
            return text.EndsWith('\n');
        }, "the audit line is written");

        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("deny", root.GetProperty("decision").GetString());
        Assert.Equal("no-admin-from-web", root.GetProperty("policies").GetString());
        Assert.Equal("spiffe://mesh.local/ns/default/svc/web", root.GetProperty("source_principal").GetString());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/admin/users", root.GetProperty("path").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(auditPath));
        }
    }
}
