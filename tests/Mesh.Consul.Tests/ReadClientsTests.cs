using System.Net;
using Mesh.Consul.Sessions;

namespace Mesh.Consul.Tests;

public sealed class ReadClientsTests
{
    [Fact]
    public async Task HealthServiceAsync_Passing_SendsPassingAndFallsBackToNodeAddress()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(
            """
            [{"Node":{"ID":"n","Node":"node-1","Address":"10.0.0.5","Datacenter":"dc1","Meta":{}},
              "Service":{"ID":"web-1","Service":"web","Tags":["v2"],"Address":"","Port":8080,"Meta":null},
              "Checks":[{"CheckID":"serfHealth","Name":"Serf","Status":"passing","ServiceID":"","Output":""}]},
             {"Node":{"ID":"m","Node":"node-2","Address":"10.0.0.6","Datacenter":"dc1"},
              "Service":{"ID":"web-2","Service":"web","Address":"192.168.1.9","Port":8081}}]
            """, index: 77));

        var result = await FakeConsulHandler.Client(handler).Health.ServiceAsync("web", passing: true, new QueryOptions { Index = 70, Wait = TimeSpan.FromMinutes(5) });

        Assert.Equal("/v1/health/service/web?passing&index=70&wait=300s", handler.Single.PathAndQuery);
        Assert.Equal(["10.0.0.5", "192.168.1.9"], result.Value.Select(e => e.EffectiveAddress));
        Assert.Equal("serfHealth", result.Value[0].Checks[0].CheckID);
        Assert.Equal(77UL, result.LastIndex);
    }

    [Fact]
    public async Task CatalogServicesAsync_ConsistentRead_ReturnsTagsByName()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("""{"consul":[],"web":["v1","v2"]}""", index: 5));

        var result = await FakeConsulHandler.Client(handler).Catalog.ServicesAsync(new QueryOptions { Consistency = ConsistencyMode.Consistent });

        Assert.Equal("/v1/catalog/services?consistent", handler.Single.PathAndQuery);
        Assert.Equal(["v1", "v2"], result.Value["web"]);
    }

    [Fact]
    public async Task SessionCreateAsync_Request_SendsGoDurationsAndBehavior()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("""{"ID":"adf4238a-882b-9ddc-4a9d-5b6758e4159e"}"""));
        var request = new SessionRequest { Name = "leader", TTL = TimeSpan.FromSeconds(15), Behavior = SessionBehavior.Delete, LockDelay = TimeSpan.FromMilliseconds(1500) };

        var id = await FakeConsulHandler.Client(handler).Sessions.CreateAsync(request);

        Assert.Equal("adf4238a-882b-9ddc-4a9d-5b6758e4159e", id);
        Assert.Equal(HttpMethod.Put, handler.Single.Method);
        Assert.Equal("/v1/session/create", handler.Single.PathAndQuery);
        Assert.Equal("""{"Name":"leader","TTL":"15s","Behavior":"delete","LockDelay":"1500ms"}""", handler.Single.Body);
    }

    [Fact]
    public async Task SessionRenewAsync_InvalidatedSession_ReturnsFalse()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("Session id 's' not found", HttpStatusCode.NotFound));

        Assert.False(await FakeConsulHandler.Client(handler).Sessions.RenewAsync("s"));
        Assert.Equal("/v1/session/renew/s", handler.Single.PathAndQuery);
    }

    [Theory]
    [InlineData("\"10.0.0.1:8300\"", "10.0.0.1:8300")]
    [InlineData("\"\"", "")]
    public async Task StatusLeaderAsync_Answer_ReturnsAddressOrEmpty(string json, string expected)
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(json));

        Assert.Equal(expected, await FakeConsulHandler.Client(handler).Status.LeaderAsync());
    }
}
