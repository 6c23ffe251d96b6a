using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Health;
using Mesh.Snapshots.Clusters;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Proxy.Tests;

// min_health_percent is Envoy's panic threshold, applied by the load balancer (PanicThresholdTests): as in Envoy,
// it neither stops ejections nor returns ejected endpoints early.
public sealed class OutlierMinHealthTests
{
    private static readonly OutlierDetection Settings = new()
    {
        Consecutive5xxErrors = 1,
        Interval = TimeSpan.FromSeconds(10),
        BaseEjectionTime = TimeSpan.FromSeconds(30),
        MaxEjectionPercent = 100,
        MinHealthPercent = 75,
    };

    [Fact]
    public void Report_EjectionDropsPoolBelowMinHealth_StillEjects()
    {
        var endpoints = Pool(4);
        using var detector = new OutlierDetector(Settings, new FakeTimeProvider(), () => endpoints);

        Assert.True(detector.Report(endpoints[0], 503));
        Assert.True(detector.Report(endpoints[1], 503));  // 2 of 4 = 50 % < 75 %: the balancer panics instead

        Assert.Equal([true, true, false, false], endpoints.Select(e => e.IsEjected));
    }

    [Fact]
    public void Report_WithoutMinHealth_EjectsUpToMaxEjectionPercent()
    {
        var endpoints = Pool(4);
        using var detector = new OutlierDetector(Settings with { MinHealthPercent = 0 }, new FakeTimeProvider(), () => endpoints);

        Assert.True(detector.Report(endpoints[0], 503));
        Assert.True(detector.Report(endpoints[1], 503));

        Assert.Equal(2, endpoints.Count(e => e.IsEjected));
    }

    [Fact]
    public void Sweep_PoolShrinksBelowMinHealth_KeepsEjectionsUntilTheirTimeEnds()
    {
        var endpoints = Pool(4);
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(Settings, time, () => endpoints);
        Assert.True(detector.Report(endpoints[0], 503));

        // Two instances turn unhealthy in the catalog: 1 of 4 available is below 75 %, but the ejection stands.
        endpoints[2].Endpoint = endpoints[2].Endpoint with { Healthy = false };
        endpoints[3].Endpoint = endpoints[3].Endpoint with { Healthy = false };
        time.Advance(Settings.Interval);
        Assert.True(endpoints[0].IsEjected);

        time.Advance(Settings.BaseEjectionTime);
        Assert.False(endpoints[0].IsEjected);
    }

    private static EndpointState[] Pool(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new EndpointState(new UpstreamEndpoint { Address = "127.0.0.1", Port = 9000 + i }))];
}
