using Mesh.Nomad.Watching;

namespace Mesh.Nomad.Tests.Watching;

public sealed class UpstreamListTests
{
    [Fact]
    public void Parse_NamePortPairsWithSpaces_ReturnsThemInOrder()
    {
        var rejected = new List<string>();

        var upstreams = UpstreamList.Parse(" reviews:9191 ,ratings:9192,", rejected);

        Assert.Equal([new MeshUpstream("reviews", 9191), new MeshUpstream("ratings", 9192)], upstreams);
        Assert.Empty(rejected);
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews:")]
    [InlineData(":9191")]
    [InlineData("reviews:0")]
    [InlineData("reviews:65536")]
    [InlineData("reviews:91x")]
    [InlineData("rev iews:9191")]
    public void Parse_MalformedEntry_IsRejectedAndTheRestKept(string entry)
    {
        var rejected = new List<string>();

        var upstreams = UpstreamList.Parse($"details:9000,{entry}", rejected);

        Assert.Equal([new MeshUpstream("details", 9000)], upstreams);
        Assert.Equal([entry.Trim()], rejected);
    }

    [Fact]
    public void Parse_RepeatedNameOrPort_KeepsTheFirst()
    {
        var rejected = new List<string>();

        var upstreams = UpstreamList.Parse("a:9000,a:9001,b:9000", rejected);

        Assert.Equal([new MeshUpstream("a", 9000)], upstreams);
        Assert.Equal(["a:9001", "b:9000"], rejected);
    }
}
