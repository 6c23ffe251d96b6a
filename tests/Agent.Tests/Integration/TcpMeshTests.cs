using System.Net;
using System.Net.Sockets;
using System.Text;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Security;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>A TCP "database" behind agent B's TCP inbound; web on agent A reaches it through its local TCP upstream port over mTLS.</summary>
public sealed class TcpMeshTests
{
    private static ProxySnapshot Db(string version, PeerAuthenticationMode mode, params AuthorizationPolicy[] policies) => new()
    {
        Version = version,
        Host = "db",
        Ports = [new ServicePort { Number = 3306, Protocol = PortProtocol.Tcp }],
        Clusters = [new Cluster { Host = "db" }],
        Inbound = new InboundPolicy { Mode = mode, Policies = policies },
    };

    private static async Task<(MeshTestEnvironment Env, AgentHost AgentA, AgentHost AgentB, TcpEchoServer Echo)> StartPairAsync(ProxySnapshot snapshot, ListenerProtocol upstreamProtocol)
    {
        var env = await MeshTestEnvironment.StartAsync();
        await env.WriteSnapshotAsync(snapshot);
        var echo = new TcpEchoServer();
        var appA = await env.StartAppAsync("web");
        var db = Service("db", echo.Port);
        db.Protocol = ListenerProtocol.Tcp;
        var web = Service("web", appA.Port, "db");
        web.Upstreams[0].Protocol = upstreamProtocol;
        var agentB = await env.StartAgentAsync(env.Options("node-b", db));
        var agentA = await env.StartAgentAsync(env.Options("node-a", web));
        return (env, agentA, agentB, echo);
    }

    /// <summary>Sends a line through <paramref name="endPoint"/>; returns what came back, or null when the connection was closed or failed.</summary>
    private static async Task<string?> ExchangeAsync(IPEndPoint? endPoint, string line)
    {
        if (endPoint is null)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endPoint, timeout.Token);
            var stream = client.GetStream();
            var sent = Encoding.ASCII.GetBytes(line);
            await stream.WriteAsync(sent, timeout.Token);
            var received = new byte[sent.Length];
            var total = 0;
            while (total < received.Length)
            {
                var read = await stream.ReadAsync(received.AsMemory(total), timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                total += read;
            }

            return Encoding.ASCII.GetString(received);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task TcpUpstream_EchoDatabaseBehindStrictInbound_BytesEchoThroughMutualTls()
    {
        var (env, agentA, agentB, echo) = await StartPairAsync(Db("1", PeerAuthenticationMode.Strict), ListenerProtocol.Tcp);
        await using (echo)
        await using (env)
        {
            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") == "ping\n", "web reaches db over TCP");

            Assert.Equal("hello database\n", await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "hello database\n"));
            // The inbound side speaks only mTLS: a plain client is cut off.
            Assert.Null(await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, agentB.GetInboundEndPoint("db")!.Port), "ping\n"));
        }
    }

    [Fact]
    public async Task TcpUpstream_DenyPolicyForCallerIdentity_ClosesTheConnection()
    {
        var (env, agentA, _, echo) = await StartPairAsync(Db("1", PeerAuthenticationMode.Strict), ListenerProtocol.Tcp);
        await using (echo)
        await using (env)
        {
            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") == "ping\n", "web reaches db over TCP");
            var deny = new AuthorizationPolicy
            {
                Name = "no-web",
                Action = AuthorizationAction.Deny,
                Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = ["default/web"] }] }],
            };

            await env.WriteSnapshotAsync(Db("2", PeerAuthenticationMode.Strict, deny));

            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") is null, "the deny policy closes web's connections");
        }
    }

    [Fact]
    public async Task TcpUpstream_AllowRuleWithHttpOnlyFields_DoesNotMatchOnTcp()
    {
        var allow = new AuthorizationPolicy
        {
            Name = "web-get-only",
            Action = AuthorizationAction.Allow,
            Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = ["default/web"] }], To = [new AuthorizationOperation { Methods = ["GET"] }] }],
        };
        var (env, agentA, _, echo) = await StartPairAsync(Db("1", PeerAuthenticationMode.Strict), ListenerProtocol.Tcp);
        await using (echo)
        await using (env)
        {
            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") == "ping\n", "web reaches db over TCP");

            await env.WriteSnapshotAsync(Db("2", PeerAuthenticationMode.Strict, allow));

            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") is null, "the HTTP-only allow rule stops matching");
        }
    }

    [Fact]
    public async Task HttpUpstream_SnapshotDeclaresTcpPort_RebindsAsTcpOnTheSamePort()
    {
        var (env, agentA, _, echo) = await StartPairAsync(Db("1", PeerAuthenticationMode.Strict), ListenerProtocol.Http);
        await using (echo)
        await using (env)
        {
            var first = agentA.GetOutboundEndPoint("web", "db");

            await EventuallyAsync(async () => await ExchangeAsync(agentA.GetOutboundEndPoint("web", "db"), "ping\n") == "ping\n", "the snapshot's tcp port turns the upstream into TCP");

            Assert.Equal(first!.Port, agentA.GetOutboundEndPoint("web", "db")!.Port);
        }
    }
}
