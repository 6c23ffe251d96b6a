using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Security;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>Two agents on one machine: app A → A's outbound listener → B's inbound listener (mTLS) → app B.</summary>
public sealed class MutualTlsTests
{
    private static ProxySnapshot Api(string version, PeerAuthenticationMode mode, params AuthorizationPolicy[] policies) => new()
    {
        Version = version,
        Host = "api",
        Http = [new HttpRoute { Route = [new RouteDestination { Host = "api" }] }],
        Clusters = [new Cluster { Host = "api" }],
        Inbound = new InboundPolicy { Mode = mode, Policies = policies },
    };

    private static async Task<(MeshTestEnvironment Env, IPEndPoint Outbound, IPEndPoint Inbound)> StartPairAsync(ProxySnapshot? apiSnapshot)
    {
        var env = await MeshTestEnvironment.StartAsync();
        if (apiSnapshot is not null)
        {
            await env.WriteSnapshotAsync(apiSnapshot);
        }

        var appA = await env.StartAppAsync("web");
        var appB = await env.StartAppAsync("api");
        var agentB = await env.StartAgentAsync(env.Options("node-b", Service("api", appB.Port)));
        var agentA = await env.StartAgentAsync(env.Options("node-a", Service("web", appA.Port, "api")));
        return (env, agentA.GetOutboundEndPoint("web", "api")!, agentB.GetInboundEndPoint("api")!);
    }

    [Fact]
    public async Task Strict_AppACallsB_ThroughMutualTlsWithCallerIdentity()
    {
        var (env, outbound, _) = await StartPairAsync(Api("1", PeerAuthenticationMode.Strict));
        await using (env)
        {
            await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "web reaches api");

            var (status, body) = await GetAsync(outbound, "/orders");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("api|URI=spiffe://mesh.local/ns/default/svc/web", body);
        }
    }

    [Fact]
    public async Task Strict_PlainTextClient_Refused()
    {
        var (env, outbound, inbound) = await StartPairAsync(Api("1", PeerAuthenticationMode.Strict));
        await using (env)
        {
            await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "web reaches api");

            var (status, _) = await GetAsync(inbound);

            Assert.Equal((HttpStatusCode)0, status);
        }
    }

    [Fact]
    public async Task Permissive_PlainTextClient_AcceptedWithoutIdentity()
    {
        var (env, _, inbound) = await StartPairAsync(null);
        await using (env)
        {
            var (status, body) = await GetAsync(inbound);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("api|", body);
        }
    }

    [Fact]
    public async Task Strict_ClientWithoutMeshCertificate_HandshakeFails()
    {
        var (env, _, inbound) = await StartPairAsync(Api("1", PeerAuthenticationMode.Strict));
        await using (env)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(inbound);
            await using var ssl = new SslStream(tcp.GetStream());

            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "api", RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null });
                await ssl.WriteAsync("GET / HTTP/1.1\r\nHost: api\r\n\r\n"u8.ToArray());
                var buffer = new byte[64];
                if (await ssl.ReadAsync(buffer) == 0)
                {
                    throw new IOException("closed");
                }
            });
        }
    }

    [Fact]
    public async Task DenyPolicy_MatchingCaller_Returns403AndOtherPathsPass()
    {
        var deny = new AuthorizationPolicy
        {
            Name = "no-admin-from-web",
            Action = AuthorizationAction.Deny,
            Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = ["*/svc/web"] }], To = [new AuthorizationOperation { Paths = ["/admin*"] }] }],
        };
        var (env, outbound, _) = await StartPairAsync(Api("1", PeerAuthenticationMode.Strict, deny));
        await using (env)
        {
            await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.OK, "web reaches api");

            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(outbound, "/admin/users")).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(outbound, "/orders")).Status);
        }
    }

    [Fact]
    public async Task AllowPolicy_OtherCallerOnly_DeniesWeb()
    {
        var allow = new AuthorizationPolicy
        {
            Name = "only-billing",
            Action = AuthorizationAction.Allow,
            Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = ["spiffe://mesh.local/ns/default/svc/billing"] }] }],
        };
        var (env, outbound, _) = await StartPairAsync(Api("1", PeerAuthenticationMode.Strict, allow));
        await using (env)
        {
            await EventuallyAsync(async () => (await GetAsync(outbound)).Status == HttpStatusCode.Forbidden, "web is refused");
        }
    }
}
