using System.Globalization;
using System.Net;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Identity;
using Mesh.TestDoubles.Nomad;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Integration;

/// <summary>An agent with a <c>nomad</c> block against the Nomad double: opted-in task services are meshed end to end.</summary>
public sealed class NomadMeshTests
{
    private static NomadDoubleAllocation Allocation(int appPort, int upstreamPort)
    {
        var meshed = new NomadDoubleService { Name = "api", PortLabel = "http", Tags = { "mesh" } };
        meshed.Meta["mesh_upstreams"] = "reviews:" + upstreamPort.ToString(CultureInfo.InvariantCulture);
        meshed.Meta["version"] = "v3";
        var plain = new NomadDoubleService { Name = "api-metrics", PortLabel = "http" };
        var allocation = new NomadDoubleAllocation { JobId = "shop", TaskGroup = "api", Ports = { new NomadDoublePort("http", appPort) } };
        allocation.Tasks.Add(new NomadDoubleTask { Name = "server", Services = { meshed, plain } });
        return allocation;
    }

    private static async Task<(AgentHost Agent, NomadDouble Nomad)> StartAsync(MeshTestEnvironment env)
    {
        var nomad = await NomadDouble.StartAsync();
        var options = env.Options("node-n");
        options.Nomad.Enabled = true;
        options.Nomad.Address = nomad.Address;
        options.Nomad.NodeId = nomad.NodeId;
        var agent = await env.StartAgentAsync(options);
        return (agent, nomad);
    }

    private static async Task<bool> RegisteredAsync(MeshTestEnvironment env, string service) =>
        (await env.Consul.Health.ServiceAsync(service)).Value.Count > 0;

    [Fact]
    public async Task OptedInTask_AllocationRunning_RegisteredMeshedAndUpstreamsOnLocalPorts()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var task = await env.StartAppAsync("api-task");
        var reviews = await env.StartAppAsync("reviews");
        await env.RegisterInstanceAsync("reviews", "reviews-1", reviews.Port, "v1");
        var (agent, nomad) = await StartAsync(env);
        await using var nomadDouble = nomad;
        var upstreamPort = MeshPeerClient.FreePort();

        nomad.AddAllocation(Allocation(task.Port, upstreamPort));

        await EventuallyAsync(async () => await RegisteredAsync(env, "api") && agent.GetInboundEndPoint("api") is not null, "the task's service is registered");
        var entry = Assert.Single((await env.Consul.Health.ServiceAsync("api")).Value);
        var inbound = agent.GetInboundEndPoint("api")!;
        Assert.Equal(inbound.Port, entry.Service.Port);
        Assert.Equal(inbound.Port.ToString(CultureInfo.InvariantCulture), entry.Service.Meta!["mesh-inbound-port"]);
        Assert.Equal("default", entry.Service.Meta["mesh-namespace"]);
        Assert.Equal("v3", entry.Service.Meta["version"]);
        Assert.Equal("127.0.0.1", entry.Service.Address);

        using var web = await env.Ca.IssueAsync(new SpiffeId("mesh.local", "default", "web"), TimeSpan.FromHours(1), CancellationToken.None);
        var response = await MeshPeerClient.GetAsync(inbound, web, [env.Ca.Root], new SpiffeId("mesh.local", "default", "api"));
        Assert.NotNull(response);
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("api-task|URI=spiffe://mesh.local/ns/default/svc/web", response, StringComparison.Ordinal);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, upstreamPort), agent.GetOutboundEndPoint("api", "reviews"));
        await EventuallyAsync(async () => (await GetAsync(agent.GetOutboundEndPoint("api", "reviews")!)).Body.StartsWith("reviews|", StringComparison.Ordinal), "the task reaches its upstream on the declared local port");
    }

    [Theory]
    [InlineData("complete")]
    [InlineData("failed")]
    [InlineData("removed")]
    public async Task OptedInTask_AllocationEnds_DeregisteredAndListenerClosed(string outcome)
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var task = await env.StartAppAsync("api-task");
        var (agent, nomad) = await StartAsync(env);
        await using var nomadDouble = nomad;
        var allocation = Allocation(task.Port, MeshPeerClient.FreePort());
        nomad.AddAllocation(allocation);
        await EventuallyAsync(async () => await RegisteredAsync(env, "api") && agent.GetInboundEndPoint("api") is not null, "the task's service is registered");
        var inbound = agent.GetInboundEndPoint("api")!;
        Assert.True(await MeshPeerClient.AcceptsConnectionsAsync(inbound));

        _ = outcome switch
        {
            "complete" => nomad.StopAllocation(allocation.Id),
            "failed" => nomad.SetClientStatus(allocation.Id, "failed"),
            _ => nomad.RemoveAllocation(allocation.Id),
        };

        await EventuallyAsync(async () => !await RegisteredAsync(env, "api"), "the service is deregistered");
        await EventuallyAsync(async () => agent.GetInboundEndPoint("api") is null && !await MeshPeerClient.AcceptsConnectionsAsync(inbound), "the inbound listener is closed");
    }

    [Fact]
    public async Task ServiceWithoutOptIn_Ignored()
    {
        await using var env = await MeshTestEnvironment.StartAsync();
        var task = await env.StartAppAsync("api-task");
        var (agent, nomad) = await StartAsync(env);
        await using var nomadDouble = nomad;

        nomad.AddAllocation(Allocation(task.Port, MeshPeerClient.FreePort()));

        await EventuallyAsync(async () => await RegisteredAsync(env, "api") && agent.GetInboundEndPoint("api") is not null, "the opted-in service is registered");
        Assert.False(await RegisteredAsync(env, "api-metrics"));
        Assert.Null(agent.GetInboundEndPoint("api-metrics"));
        Assert.Single(agent.Workloads);
    }

    [Fact]
    public void NomadBlock_NodeId_Parsed()
    {
        var options = AgentConfigLoader.Parse("nomad {\n  enabled = true\n  address = \"http://127.0.0.1:4646\"\n  node_id = \"abc\"\n}\n", "agent.hcl");

        Assert.True(options.Nomad.Enabled);
        Assert.Equal("abc", options.Nomad.NodeId);
    }
}
