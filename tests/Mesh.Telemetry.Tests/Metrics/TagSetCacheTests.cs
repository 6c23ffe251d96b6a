using Mesh.Telemetry.Metrics;

namespace Mesh.Telemetry.Tests.Metrics;

[Collection(ProxyMeterCollection.Name)]
public sealed class TagSetCacheTests
{
    private static readonly RequestLabels s_labels = new() { Reporter = "source", DestinationService = "reviews", ResponseCode = 200 };

    [Fact]
    public void Get_SameLabelsTwice_ReturnsTheCachedArray()
    {
        var cache = new TagSetCache(static labels => labels.ToTagArray());

        var first = cache.Get(s_labels);
        var second = cache.Get(s_labels with { });

        Assert.Same(first, second);
        Assert.Contains(new KeyValuePair<string, object?>("response_code", "200"), first);
        Assert.Equal(15, first.Length);
    }

    [Fact]
    public void Get_DifferentStatus_SeparateSeries()
    {
        var cache = new TagSetCache(static labels => labels.ToTagArray());

        var ok = cache.Get(s_labels);
        var failed = cache.Get(s_labels with { ResponseCode = 503, ResponseFlags = "UO" });

        Assert.NotSame(ok, failed);
        Assert.Contains(new KeyValuePair<string, object?>("response_flags", "UO"), failed);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Get_PastTheBound_StillReturnsCorrectTagsWithoutCaching()
    {
        var cache = new TagSetCache(static labels => labels.ToTagArray());
        for (var i = 0; i < TagSetCache.MaxEntries + 10; i++)
        {
            var tags = cache.Get(s_labels with { SourcePrincipal = "spiffe://x/ns/a/svc/" + i });
            Assert.Contains(new KeyValuePair<string, object?>("source_principal", "spiffe://x/ns/a/svc/" + i), tags);
        }

        Assert.Equal(TagSetCache.MaxEntries, cache.Count);
    }

    [Fact]
    public void RecordRequest_NoListener_NotEnabled()
    {
        using var metrics = new ProxyMetrics();

        Assert.False(metrics.RequestsEnabled);
        metrics.RecordRequest(s_labels, 1, 0, 0);
    }
}
