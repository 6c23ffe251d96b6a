using System.Diagnostics.Metrics;

namespace Mesh.Bench.SidecarHost;

/// <summary>
/// Stands in for a metrics exporter: listens to every instrument of the proxy's meter ("Mesh.Proxy") and aggregates
/// each measurement, so the proxy pays the cost of metrics being collected, as it does under the agent.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _measurements;
    private double _sum;

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Mesh.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    public long Measurements => Interlocked.Read(ref _measurements);

    public void Dispose() => _listener.Dispose();

    private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // An exporter looks at the tags to find the series; touch them as it would.
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash ^= tag.Key.Length;
        }

        Interlocked.Increment(ref _measurements);
        _sum += value + hash;
    }
}
