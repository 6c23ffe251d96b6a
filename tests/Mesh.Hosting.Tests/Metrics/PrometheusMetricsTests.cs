using System.Diagnostics.Metrics;
using Mesh.Hosting.Metrics;

namespace Mesh.Hosting.Tests.Metrics;

public sealed class PrometheusMetricsTests
{
    [Fact]
    public void Render_CounterWithLabels_SumsPerLabelSetWithIstioStyleName()
    {
        using var meter = new Meter("Mesh.Test.Counter." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var requests = meter.CreateCounter<long>("mesh.requests", description: "Requests handled.");

        requests.Add(1, new("response_code", "200"), new("destination_service", "reviews"));
        requests.Add(2, new("destination_service", "reviews"), new("response_code", "200"));
        requests.Add(1, new("response_code", 503), new("destination_service", "reviews"));

        var text = metrics.Render();

        Assert.Contains("# HELP mesh_requests_total Requests handled.\n", text);
        Assert.Contains("# TYPE mesh_requests_total counter\n", text);
        Assert.Contains("mesh_requests_total{destination_service=\"reviews\",response_code=\"200\"} 3\n", text);
        Assert.Contains("mesh_requests_total{destination_service=\"reviews\",response_code=\"503\"} 1\n", text);
    }

    [Fact]
    public void Render_SameInstrumentOnTwoMeters_ExportsOneFamilyWithTheSum()
    {
        // A daemon runs one proxy per local service, each with its own meter of the same name.
        var name = "Mesh.Test.Shared." + Guid.NewGuid();
        using var first = new Meter(name);
        using var second = new Meter(name);
        using var metrics = new PrometheusMetrics(m => m.Name == name);
        first.CreateCounter<long>("mesh.requests").Add(2, new KeyValuePair<string, object?>("destination_service", "reviews"));
        second.CreateCounter<long>("mesh.requests").Add(3, new KeyValuePair<string, object?>("destination_service", "reviews"));
        second.CreateCounter<long>("mesh.requests").Add(1, new KeyValuePair<string, object?>("destination_service", "ratings"));

        var text = metrics.Render();

        Assert.Single(text.Split('\n'), line => line == "# TYPE mesh_requests_total counter");
        Assert.Contains("mesh_requests_total{destination_service=\"reviews\"} 5\n", text);
        Assert.Contains("mesh_requests_total{destination_service=\"ratings\"} 1\n", text);
    }

    [Fact]
    public void Render_HistogramInMilliseconds_WritesCumulativeBucketsSumAndCount()
    {
        using var meter = new Meter("Mesh.Test.Histogram." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var duration = meter.CreateHistogram<double>("mesh.request.duration", unit: "ms");

        duration.Record(3);
        duration.Record(7);
        duration.Record(700000);

        var text = metrics.Render();

        Assert.Contains("# TYPE mesh_request_duration_milliseconds histogram\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_bucket{le=\"1\"} 0\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_bucket{le=\"5\"} 1\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_bucket{le=\"10\"} 2\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_bucket{le=\"600000\"} 2\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_bucket{le=\"+Inf\"} 3\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_sum 700010\n", text);
        Assert.Contains("mesh_request_duration_milliseconds_count 3\n", text);
    }

    [Fact]
    public void Render_ObservableGauge_ReportsLatestObservationOnly()
    {
        using var meter = new Meter("Mesh.Test.Gauge." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var expirySeconds = 100.0;
        meter.CreateObservableGauge("mesh.certificate.expiry", () => new Measurement<double>(expirySeconds, new KeyValuePair<string, object?>("service", "reviews")), unit: "s");

        _ = metrics.Render();
        expirySeconds = 40;
        var text = metrics.Render();

        Assert.Contains("mesh_certificate_expiry_seconds{service=\"reviews\"} 40\n", text);
        Assert.DoesNotContain("} 100\n", text);
    }

    [Fact]
    public void Render_LabelValueWithQuotesAndNewlines_IsEscaped()
    {
        using var meter = new Meter("Mesh.Test.Escape." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        meter.CreateCounter<long>("mesh.odd").Add(1, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));

        Assert.Contains("mesh_odd_total{path=\"a\\\"b\\\\c\\nd\"} 1\n", metrics.Render());
    }

    [Fact]
    public void Render_MeterNotIncluded_IsNotExposed()
    {
        using var meter = new Meter("Other.Test." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics("Mesh.");
        meter.CreateCounter<long>("other.requests").Add(5);

        Assert.DoesNotContain("other_requests", metrics.Render());
    }

    [Fact]
    public async Task Record_ConcurrentWriters_LosesNoIncrement()
    {
        using var meter = new Meter("Mesh.Test.Concurrent." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var counter = meter.CreateCounter<long>("mesh.hits");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("code", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        })));

        var text = metrics.Render();
        var total = text.Split('\n').Where(l => l.StartsWith("mesh_hits_total{", StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(40_000, total);
    }

    [Fact]
    public void Record_SameTagObjectsAndEqualFreshOnes_AddUpInOneSeries()
    {
        using var meter = new Meter("Mesh.Test.Identity." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var requests = meter.CreateCounter<long>("mesh.requests");
        KeyValuePair<string, object?>[] cached = [new("destination_service", "reviews"), new("response_code", 200)];

        for (var i = 0; i < 1_000; i++)
        {
            requests.Add(1, cached);
        }

        // Equal labels in other objects, and in another order, are the same series.
        requests.Add(10, new("destination_service", new string("reviews".AsSpan())), new("response_code", 200));
        requests.Add(100, new("response_code", "200"), new("destination_service", "reviews"));
        requests.Add(1, new KeyValuePair<string, object?>("destination_service", "ratings"), new("response_code", 200));

        var text = metrics.Render();

        Assert.Contains("mesh_requests_total{destination_service=\"reviews\",response_code=\"200\"} 1110\n", text);
        Assert.Contains("mesh_requests_total{destination_service=\"ratings\",response_code=\"200\"} 1\n", text);
    }

    [Fact]
    public void Record_MoreFreshTagSetsThanTheIdentityIndexHolds_CountsEveryMeasurement()
    {
        using var meter = new Meter("Mesh.Test.IdentityOverflow." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        var requests = meter.CreateCounter<long>("mesh.requests");
        KeyValuePair<string, object?>[] cached = [new("destination_service", "reviews")];

        for (var i = 0; i < 5_000; i++)
        {
            requests.Add(1, cached);
            requests.Add(1, new KeyValuePair<string, object?>("destination_service", "ratings-" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var lines = metrics.Render().Split('\n');

        Assert.Contains("mesh_requests_total{destination_service=\"reviews\"} 5000", lines);
        Assert.Contains("mesh_requests_total{destination_service=\"ratings-7\"} 100", lines);
        Assert.Equal(51, lines.Count(l => l.StartsWith("mesh_requests_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_ObservableGaugeWithTheSameTagObjects_ReportsEachScrapesValue()
    {
        using var meter = new Meter("Mesh.Test.GaugeIdentity." + Guid.NewGuid());
        using var metrics = new PrometheusMetrics(m => m.Name == meter.Name);
        KeyValuePair<string, object?>[] tags = [new("service", "reviews")];
        var connections = 3L;
        meter.CreateObservableGauge("mesh.connections", () => new Measurement<long>(connections, tags));

        Assert.Contains("mesh_connections{service=\"reviews\"} 3\n", metrics.Render());
        connections = 5;
        Assert.Contains("mesh_connections{service=\"reviews\"} 5\n", metrics.Render());
    }
}
