using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Compilation;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Serialization;
using static Mesh.Rules.Tests.CompilationFixtures;

namespace Mesh.Rules.Tests;

public sealed class CompilationTests
{
    [Fact]
    public void Compile_FullExample_ProducesOneSnapshotPerHostAndGateway()
    {
        var result = Compile(TestFiles.FullExample);

        Assert.Equal(["api.payments.example", "gateway:public", "productpage", "ratings", "reviews"], result.Snapshots.Select(s => s.Host));
        Assert.All(result.Snapshots, s => Assert.Equal("v42", s.Version));
        Assert.All(result.Snapshots, s => Assert.Equal(Now, s.GeneratedAt));
        Assert.DoesNotContain(result.Findings, f => f.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Compile_FullExample_ReviewsHasJasonRouteThenWeightedDefault()
    {
        var reviews = Compile(TestFiles.FullExample).Host("reviews");

        Assert.Equal(["jason-sees-v2", "default"], reviews.Http.Select(r => r.Name));
        var jason = reviews.Http[0];
        Assert.Equal("jason", jason.Match.Single().Headers["end-user"].Exact);
        Assert.Equal("/reviews", jason.Match.Single().Uri!.Prefix);
        Assert.Equal(("reviews", "v2"), (jason.Route.Single().Host, jason.Route.Single().Subset));

        var def = reviews.Http[1];
        Assert.Empty(def.Match);
        Assert.Equal([("v1", 90), ("v3", 10)], def.Route.Select(d => (d.Subset!, d.Weight)));
        Assert.Equal("true", def.Route[1].Headers!.Response!.Set["x-canary"]);
        Assert.Equal(TimeSpan.FromSeconds(2), def.Timeout);
    }

    [Fact]
    public void Compile_FullExample_CarriesRetriesFaultAndMirror()
    {
        var def = Compile(TestFiles.FullExample).Host("reviews").Http[1];

        Assert.Equal(3, def.Retries!.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), def.Retries.PerTryTimeout);
        Assert.Equal(["5xx", "connect-failure", "reset"], def.Retries.RetryOn);
        Assert.Equal(TimeSpan.FromSeconds(3), def.Fault!.Delay!.Fixed);
        Assert.Equal(5, def.Fault.Delay.Percentage);
        Assert.Equal(503, def.Fault.Abort!.HttpStatus);
        Assert.Equal(1, def.Fault.Abort.Percentage);
        Assert.Equal(("reviews", "v3"), (def.Mirror!.Destination.Host, def.Mirror.Destination.Subset));
        Assert.Equal(20, def.Mirror.Percentage);
    }

    [Fact]
    public void Compile_RouteWithoutRetries_GetsIstioDefaultRetries()
    {
        var jason = Compile(TestFiles.FullExample).Host("reviews").Http[0];

        Assert.Equal(2, jason.Retries!.Attempts);
        Assert.Equal(["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"], jason.Retries.RetryOn);
    }

    [Fact]
    public void Compile_FullExample_ReviewsClusterHasSubsetsWithV3Override()
    {
        var cluster = Compile(TestFiles.FullExample).Host("reviews").Clusters.Single();

        Assert.Equal("reviews", cluster.Host);
        Assert.Equal("reviews", cluster.Service);
        var policy = cluster.TrafficPolicy!;
        Assert.Equal(LoadBalancerKind.LeastRequest, policy.LoadBalancer!.Simple);
        Assert.Equal(100, policy.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(64, policy.ConnectionPool.Http!.Http1MaxPendingRequests);
        Assert.Equal(TlsMode.MeshMutual, policy.Tls!.Mode);
        var outlier = policy.OutlierDetection!;
        Assert.Equal((5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 50), (outlier.Consecutive5xxErrors, outlier.Interval, outlier.BaseEjectionTime, outlier.MaxEjectionPercent));

        Assert.Equal(["v1", "v2", "v3"], cluster.Subsets.Select(s => s.Name));
        Assert.Equal("v2", cluster.Subsets[1].Labels["version"]);
        Assert.Null(cluster.Subsets[0].TrafficPolicy);
        var v3 = cluster.Subsets[2].TrafficPolicy!;
        Assert.Equal(LoadBalancerKind.RoundRobin, v3.LoadBalancer!.Simple);
        Assert.Equal(outlier, v3.OutlierDetection);
        Assert.Equal(policy.ConnectionPool, v3.ConnectionPool);
    }

    [Fact]
    public void Compile_HostWithoutVirtualService_GetsDefaultRouteToItsOwnCluster()
    {
        var ratings = Compile(TestFiles.FullExample).Host("ratings");

        var route = Assert.Single(ratings.Http);
        Assert.Empty(route.Match);
        Assert.Equal("ratings", Assert.Single(route.Route).Host);
        Assert.Null(route.Route[0].Subset);
        Assert.Equal(2, route.Retries!.Attempts);
        var cluster = Assert.Single(ratings.Clusters);
        Assert.Equal("ratings", cluster.Host);
        Assert.Null(cluster.TrafficPolicy);
    }

    [Fact]
    public void Compile_ServiceEntry_GetsSnapshotWithItsPorts()
    {
        var api = Compile(TestFiles.FullExample).Host("api.payments.example");

        var port = Assert.Single(api.Ports);
        Assert.Equal((443, Mesh.Snapshots.PortProtocol.Tls, "https"), (port.Number, port.Protocol, port.Name));
        Assert.Equal("api.payments.example", Assert.Single(Assert.Single(api.Http).Route).Host);
        Assert.Null(Assert.Single(api.Clusters).Service);
    }

    [Fact]
    public void Compile_SameInputTwice_GivesByteIdenticalJson()
    {
        var first = Compile(TestFiles.FullExample).Snapshots.Select(SnapshotSerializer.Serialize).ToList();
        var second = Compile(TestFiles.FullExample).Snapshots.Select(SnapshotSerializer.Serialize).ToList();

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], second[i]);
        }
    }

    [Fact]
    public void Compile_CatalogInAnotherOrder_GivesByteIdenticalJson()
    {
        var rules = LoadRules(TestFiles.FullExample);
        var catalog = Bookinfo();
        var reversed = CatalogSnapshot.From(catalog.Services.Values.Reverse(), catalog.TrustDomain, catalog.Index);
        var time = new FixedTime(Now);

        var a = SnapshotCompiler.Compile(rules, catalog, "1", time).Snapshots.Select(SnapshotSerializer.Serialize);
        var b = SnapshotCompiler.Compile(rules, reversed, "1", time).Snapshots.Select(SnapshotSerializer.Serialize);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Compile_Snapshots_RoundTripThroughSerializer()
    {
        foreach (var snapshot in Compile(TestFiles.FullExample).Snapshots)
        {
            var json = SnapshotSerializer.Serialize(snapshot);
            Assert.Equal(json, SnapshotSerializer.Serialize(SnapshotSerializer.Deserialize(json)));
        }
    }

    [Fact]
    public void Compile_SubsetSelectingNoInstance_WarnsWithCode()
    {
        var result = Compile(TestFiles.FullExample, Bookinfo("v1", "v2"));

        var finding = Assert.Single(result.Findings, f => f.Code == CompileCodes.EmptySubset);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Contains("\"v3\"", finding.Detail, StringComparison.Ordinal);
        Assert.NotNull(finding.Subject);
        Assert.Equal(3, result.Host("reviews").Clusters.Single().Subsets.Count);
    }

    [Fact]
    public void Compile_FullCatalog_HasNoFindings()
    {
        Assert.Empty(Compile(TestFiles.FullExample).Findings);
    }
}
