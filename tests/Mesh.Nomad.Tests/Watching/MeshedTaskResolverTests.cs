using Mesh.Nomad.Generated;
using Mesh.Nomad.Watching;

namespace Mesh.Nomad.Tests.Watching;

public sealed class MeshedTaskResolverTests
{
    [Fact]
    public void TryResolvePort_LabelInSharedPorts_UsesItsHostIp()
    {
        var shared = new AllocatedSharedResources
        {
            Ports = [new AllocatedPortMapping { Label = "http", Value = 25000, To = 8080, HostIP = "192.0.2.10" }],
            Networks = [new NetworkResource { IP = "192.0.2.99" }],
        };

        Assert.True(MeshedTaskResolver.TryResolvePort(shared, "http", out var address, out var port));
        Assert.Equal(("192.0.2.10", 25000), (address, port));
    }

    [Fact]
    public void TryResolvePort_OnlyLegacyNetworks_UsesDynamicPortAndNetworkIp()
    {
        var shared = new AllocatedSharedResources
        {
            Networks = [new NetworkResource { IP = "192.0.2.20", DynamicPorts = [new Port { Label = "grpc", Value = 31000 }] }],
        };

        Assert.True(MeshedTaskResolver.TryResolvePort(shared, "grpc", out var address, out var port));
        Assert.Equal(("192.0.2.20", 31000), (address, port));
    }

    [Fact]
    public void TryResolvePort_NumericLabel_IsALiteralPortOnTheAllocationIp()
    {
        var shared = new AllocatedSharedResources { Networks = [new NetworkResource { IP = "192.0.2.30" }] };

        Assert.True(MeshedTaskResolver.TryResolvePort(shared, "8080", out var address, out var port));
        Assert.Equal(("192.0.2.30", 8080), (address, port));
    }

    [Fact]
    public void TryResolvePort_UnknownLabel_Fails()
    {
        var shared = new AllocatedSharedResources { Ports = [new AllocatedPortMapping { Label = "http", Value = 1, HostIP = "192.0.2.1" }] };

        Assert.False(MeshedTaskResolver.TryResolvePort(shared, "admin", out _, out _));
    }

    [Theory]
    [InlineData("mesh", null, true)]
    [InlineData("web", "true", true)]
    [InlineData("web", "TRUE", true)]
    [InlineData("web", "false", false)]
    [InlineData("web", null, false)]
    [InlineData("meshy", null, false)]
    public void OptsIn_TagOrMeta_DecidesMembership(string tag, string? meshMeta, bool expected)
    {
        var service = new Service { Name = "s", Tags = [tag], Meta = meshMeta is null ? null : new Dictionary<string, string> { ["mesh"] = meshMeta } };

        Assert.Equal(expected, MeshedTaskResolver.OptsIn(service));
    }
}
