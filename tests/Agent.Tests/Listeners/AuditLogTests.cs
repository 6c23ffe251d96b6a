using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Snapshots.Security;
using Microsoft.Extensions.Logging;
using static Mesh.Agent.Tests.Listeners.InboundListenerFixture;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Real sockets: the inbound listener writes audit events on the "Mesh.Audit" category.</summary>
public sealed class AuditLogTests
{
    private static InboundPolicy Policies(int port) => new()
    {
        Mode = PeerAuthenticationMode.Permissive,
        Policies =
        [
            new AuthorizationPolicy
            {
                Name = "no-admin",
                Action = AuthorizationAction.Deny,
                Rules = [new AuthorizationRule { To = [new AuthorizationOperation { Paths = ["/admin*"] }] }],
            },
            new AuthorizationPolicy
            {
                Name = "audit-orders",
                Action = AuthorizationAction.Audit,
                Rules = [new AuthorizationRule { To = [new AuthorizationOperation { Paths = ["/orders*"] }] }],
            },
        ],
    };

    private static List<CapturedEvent> Audit(InboundListenerFixture fixture) => [.. fixture.Logs.Events.Where(e => e.Category == "Mesh.Audit")];

    [Fact]
    public async Task DeniedRequest_ExactlyOneAuditLineWithAllFields()
    {
        await using var fixture = await StartAsync(Policies);
        using var client = await fixture.MutualTlsClientAsync("web");

        var (status, _) = await GetAsync(client, "/admin/users", "req-42");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var line = Assert.Single(Audit(fixture));
        Assert.Equal(AuditLog.Category, line.Category);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("deny", line.Fields["Decision"]);
        Assert.Equal("no-admin", line.Fields["Policies"]);
        Assert.Equal("spiffe://mesh.local/ns/default/svc/web", line.Fields["SourcePrincipal"]);
        Assert.Equal("127.0.0.1", line.Fields["SourceIp"]);
        Assert.Equal("api", line.Fields["DestinationService"]);
        Assert.Equal(fixture.AppPort.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Fields["Port"]);
        Assert.Equal("GET", line.Fields["Method"]);
        Assert.Equal($"127.0.0.1:{fixture.EndPoint.Port}", line.Fields["Host"]);
        Assert.Equal("/admin/users", line.Fields["Path"]);
        Assert.Equal("req-42", line.Fields["RequestId"]);
    }

    [Fact]
    public async Task AllowedRequestWithoutAuditPolicy_NoAuditLine()
    {
        await using var fixture = await StartAsync(Policies);
        using var client = fixture.PlainClient();

        var (status, _) = await GetAsync(client, "/status");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Audit(fixture));
    }

    [Fact]
    public async Task AllowedRequestMatchingAuditPolicy_OneAuditLine()
    {
        await using var fixture = await StartAsync(Policies);
        using var client = fixture.PlainClient();

        var (status, _) = await GetAsync(client, "/orders/7");

        Assert.Equal(HttpStatusCode.OK, status);
        var line = Assert.Single(Audit(fixture));
        Assert.Equal("audit", line.Fields["Decision"]);
        Assert.Equal("audit-orders", line.Fields["Policies"]);
        Assert.Equal("", line.Fields["SourcePrincipal"]);
        Assert.NotEqual("", line.Fields["RequestId"]);
    }
}
