using Mesh.Agent.Endpoints;

namespace Mesh.Agent.Tests.Endpoints;

/// <summary>The bounded memory of hosts outside a proxy's table: least recently used forgotten first.</summary>
public sealed class RecentHostsTests
{
    private static RecentHosts<string> Filled(int capacity)
    {
        var hosts = new RecentHosts<string>(capacity);
        for (var i = 0; i < capacity; i++)
        {
            Assert.Empty(hosts.Remember($"h{i}", $"entry {i}"));
        }

        return hosts;
    }

    [Fact]
    public void Remember_NewHostAtCapacity_ForgetsTheLeastRecentlyUsedQuarter()
    {
        var hosts = Filled(8);
        Assert.True(hosts.TryUse("h0", out _));
        Assert.True(hosts.TryUse("h2", out _));

        var forgotten = hosts.Remember("h8", "entry 8");

        Assert.Equal([("h1", "entry 1"), ("h3", "entry 3")], forgotten);
        Assert.Equal(7, hosts.Count);
        Assert.True(hosts.TryGet("h0", out _));
        Assert.True(hosts.TryGet("h2", out _));
        Assert.True(hosts.TryGet("h8", out _));
        Assert.False(hosts.TryGet("h1", out _));
    }

    [Fact]
    public void Remember_KnownHostAtCapacity_ForgetsNothing()
    {
        var hosts = Filled(8);

        var forgotten = hosts.Remember("H5", "entry 5, looked up again");

        Assert.Empty(forgotten);
        Assert.Equal(8, hosts.Count);
        Assert.True(hosts.TryGet("h5", out var entry));
        Assert.Equal("entry 5, looked up again", entry);
    }

    [Fact]
    public void Update_KeepsWhenTheHostWasLastUsed_AndRefusesAForgottenHost()
    {
        var hosts = Filled(4);
        Assert.True(hosts.Update("h0", "entry 0, new endpoints"));

        var forgotten = hosts.Remember("h4", "entry 4");

        Assert.Equal([("h0", "entry 0, new endpoints")], forgotten);
        Assert.False(hosts.Update("h0", "entry 0, too late"));
        Assert.False(hosts.TryGet("h0", out _));
    }

    [Fact]
    public void TryGet_DoesNotCountAsUse()
    {
        var hosts = Filled(4);
        Assert.True(hosts.TryGet("h0", out _));

        Assert.Equal([("h0", "entry 0")], hosts.Remember("h4", "entry 4"));
    }
}
