using Mesh.Rules.Model;

namespace Mesh.Rules.Tests;

public sealed class LoaderTests
{
    [Fact]
    public void Load_FullExample_DecodesEveryResource()
    {
        var bundle = TestFiles.Load(TestFiles.FullExample);

        Assert.True(bundle.Diagnostics.Count == 0, TestFiles.Dump(bundle));
        Assert.Equal(6, bundle.Rules.Resources.Count);
        var vs = bundle.Rules.OfKind<VirtualService>().Single();
        Assert.Equal(["reviews"], vs.Hosts);
        Assert.Equal(2, vs.Http.Count);
        var jason = vs.Http[0];
        Assert.Equal("jason-sees-v2", jason.Name);
        Assert.Equal(new StringMatch { MatchKind = StringMatchKind.Exact, Value = "jason" }, jason.Match[0].Headers["end-user"]);
        Assert.Equal(StringMatchKind.Prefix, jason.Match[0].Uri!.MatchKind);
        var def = vs.Http[1];
        Assert.Equal([90, 10], def.Route.Select(r => r.Weight ?? -1));
        Assert.Equal(TimeSpan.FromSeconds(2), def.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), def.Retries!.PerTryTimeout);
        Assert.Equal(5, def.Fault!.Delay!.Percentage);
        Assert.Equal(503, def.Fault.Abort!.HttpStatus);
        Assert.Equal("true", def.Route[1].Headers!.Response!.Set["x-canary"]);
        Assert.Equal(20, def.Mirror!.Percentage);

        var dr = bundle.Rules.OfKind<DestinationRule>().Single();
        Assert.Equal(SimpleLoadBalancer.LeastRequest, dr.TrafficPolicy!.LoadBalancer!.Simple);
        Assert.Equal(TimeSpan.FromSeconds(1), dr.TrafficPolicy.ConnectionPool!.Tcp!.ConnectTimeout);
        Assert.Equal(0, dr.TrafficPolicy.ConnectionPool.Http!.MaxRequestsPerConnection);
        Assert.Equal(ClientTlsMode.MeshMutual, dr.TrafficPolicy.Tls!.Mode);
        Assert.Equal(["v1", "v2", "v3"], dr.Subsets.Select(s => s.Name));
        Assert.Equal(SimpleLoadBalancer.RoundRobin, dr.Subsets[2].TrafficPolicy!.LoadBalancer!.Simple);

        var gw = bundle.Rules.OfKind<Gateway>().Single();
        Assert.Equal(ServerTlsMode.Simple, gw.Servers[0].Tls!.Mode);
        Assert.True(gw.Servers[1].HttpsRedirect);
        var se = bundle.Rules.OfKind<ServiceEntry>().Single();
        Assert.Equal(ServiceLocation.MeshExternal, se.Location);
        Assert.Equal(Protocol.Tls, se.Ports[0].Protocol);
        Assert.Equal(MtlsMode.Strict, bundle.Rules.OfKind<PeerAuthentication>().Single().Mode);
        var authz = bundle.Rules.OfKind<AuthorizationPolicy>().Single();
        Assert.Equal(AuthorizationAction.Allow, authz.Action);
        Assert.Equal("request.headers[x-tenant]", authz.Rules[0].When[0].Key);
    }
}
