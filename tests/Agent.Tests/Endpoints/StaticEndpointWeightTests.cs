using Mesh.Agent.Endpoints;
using Mesh.Snapshots;

namespace Mesh.Agent.Tests.Endpoints;

/// <summary>A <c>service_entry</c> static endpoint's <c>weight</c> reaches the proxy's endpoint.</summary>
public sealed class StaticEndpointWeightTests
{
    [Fact]
    public void For_StaticEndpointsWithWeight_EndpointsCarryWeight()
    {
        var host = new ExternalHost(
            "api.example.com",
            true,
            [new ServicePort { Number = 80, Name = "http" }],
            [new StaticEndpoint { Address = "10.1.0.1", Weight = 4 }, new StaticEndpoint { Address = "10.1.0.2" }]);

        var (endpoints, _) = ExternalTargets.For(host, 80);

        Assert.Equal([4, 1], endpoints.Select(e => e.Weight));
    }
}
