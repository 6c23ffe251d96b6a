using System.Text.Json;
using Mesh.Consul.Agent;

namespace Mesh.Consul.Tests;

public sealed class AgentClientTests
{
    [Fact]
    public async Task RegisterServiceAsync_WithTtlCheck_SendsGoDurationsAndReplaceFlag()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty));
        var registration = new ServiceRegistration
        {
            ID = "web-1",
            Name = "web",
            Tags = ["v2"],
            Port = 8080,
            Meta = new Dictionary<string, string> { ["zone"] = "a" },
            Check = new AgentCheck
            {
                CheckID = "web-1-ttl",
                TTL = TimeSpan.FromSeconds(10),
                DeregisterCriticalServiceAfter = TimeSpan.FromMinutes(1),
                Status = "passing",
            },
        };

        await FakeConsulHandler.Client(handler).Agent.RegisterServiceAsync(registration, replaceExistingChecks: true);

        Assert.Equal(HttpMethod.Put, handler.Single.Method);
        Assert.Equal("/v1/agent/service/register?replace-existing-checks=true", handler.Single.PathAndQuery);
        using var body = JsonDocument.Parse(handler.Single.Body);
        var root = body.RootElement;
        Assert.Equal("web-1", root.GetProperty("ID").GetString());
        Assert.Equal(8080, root.GetProperty("Port").GetInt32());
        Assert.Equal("a", root.GetProperty("Meta").GetProperty("zone").GetString());
        Assert.Equal("10s", root.GetProperty("Check").GetProperty("TTL").GetString());
        Assert.Equal("60s", root.GetProperty("Check").GetProperty("DeregisterCriticalServiceAfter").GetString());
        Assert.False(root.GetProperty("Check").TryGetProperty("HTTP", out _));
        Assert.False(root.TryGetProperty("Address", out _));
    }

    [Fact]
    public async Task PassTtlAsync_WithNote_PutsToCheckPassWithNote()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty));

        await FakeConsulHandler.Client(handler).Agent.PassTtlAsync("web-1-ttl", "all good");

        Assert.Equal(HttpMethod.Put, handler.Single.Method);
        Assert.Equal("/v1/agent/check/pass/web-1-ttl?note=all%20good", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task UpdateTtlAsync_Warning_SendsStatusAndOutput()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty));

        await FakeConsulHandler.Client(handler).Agent.UpdateTtlAsync("c1", CheckStatus.Warning, "slow");

        Assert.Equal("/v1/agent/check/update/c1", handler.Single.PathAndQuery);
        Assert.Equal("""{"Status":"warning","Output":"slow"}""", handler.Single.Body);
    }

    [Fact]
    public async Task SelfAndServices_AgentAnswers_ReturnsNodeAndServices()
    {
        var handler = new FakeConsulHandler(request => request.Uri.AbsolutePath switch
        {
            "/v1/agent/self" => FakeConsulHandler.Json("""{"Config":{"Datacenter":"dc1","NodeName":"n1","NodeID":"id-1","Version":"1.20.0"},"Member":{}}"""),
            _ => FakeConsulHandler.Json("""{"web-1":{"ID":"web-1","Service":"web","Tags":[],"Address":"","Port":8080,"Meta":{}}}"""),
        });
        var client = FakeConsulHandler.Client(handler);

        var self = await client.Agent.SelfAsync();
        var services = await client.Agent.ServicesAsync();

        Assert.Equal(("n1", "dc1"), (self.NodeName, self.Datacenter));
        Assert.Equal(8080, services["web-1"].Port);
    }
}
