using Mesh.Agent.Snapshots;

namespace Mesh.Agent.Tests.Configuration;

public sealed class SnapshotLoadTests
{
    [Theory]
    [InlineData("{\"version\":\"1\",\"host\":\"ratings\"}")]
    [InlineData("not json")]
    [InlineData("{\"version\":\"\",\"host\":\"reviews\"}")]
    public void Load_UnusableDocument_Throws(string document)
    {
        Assert.ThrowsAny<Exception>(() => SnapshotManager.Load("reviews", System.Text.Encoding.UTF8.GetBytes(document)));
    }

    [Fact]
    public void Default_ForHost_RoutesEverythingToTheHostRoundRobin()
    {
        var snapshot = DefaultSnapshot.For("reviews");

        var destination = Assert.Single(Assert.Single(snapshot.Http).Route);
        Assert.Equal("reviews", destination.Host);
        Assert.Equal(Mesh.Snapshots.Clusters.LoadBalancerKind.RoundRobin, Assert.Single(snapshot.Clusters).TrafficPolicy!.LoadBalancer!.Simple);
    }
}
