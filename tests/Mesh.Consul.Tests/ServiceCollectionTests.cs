using Mesh.Consul.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Consul.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task AddConsulClient_Configured_ResolvesClientUsingOptions()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("\"10.0.0.1:8300\""));
        var services = new ServiceCollection();
        services.AddConsulClient(o =>
            {
                o.Address = new Uri("http://consul.service:8500/");
                o.Token = "t0k";
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var leader = await provider.GetRequiredService<ConsulClient>().Status.LeaderAsync();

        Assert.Equal("10.0.0.1:8300", leader);
        Assert.Equal("http://consul.service:8500/v1/status/leader", handler.Single.Uri.ToString());
        Assert.Equal("t0k", handler.Single.Token);
    }
}
