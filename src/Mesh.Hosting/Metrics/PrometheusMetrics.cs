using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Mesh.Hosting.Metrics;

/// <summary>
/// Collects the measurements of every <see cref="Meter"/> whose name starts with a prefix and renders them in
/// Prometheus' text exposition format (version 0.0.4). Counters and up-down counters become sums, histograms
/// become cumulative buckets with <c>_sum</c> and <c>_count</c>, observable instruments are read at scrape time.
/// </summary>
/// <remarks>
/// Names follow Prometheus conventions derived from the instrument: dots become underscores, a unit of
/// <c>ms</c>, <c>s</c> or <c>By</c> adds <c>_milliseconds</c>, <c>_seconds</c> or <c>_bytes</c>, and counters end in
/// <c>_total</c>. So the instrument <c>mesh.request.duration</c> in <c>ms</c> is exposed as
/// <c>mesh_request_duration_milliseconds</c>, Istio's name with our prefix.
/// </remarks>
public sealed class PrometheusMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();

    // Instruments with the same exposed name share one series: a daemon runs several proxies (one meter each), and
    // Prometheus must see their sum under one name, not whichever instrument was published last.
    private readonly ConcurrentDictionary<string, InstrumentSeries> _byName = new(StringComparer.Ordinal);
    private readonly Func<Meter, bool> _includeMeter;
    private readonly Lock _scrapeLock = new();

    /// <summary>Starts listening to meters whose name starts with <paramref name="meterPrefix"/>.</summary>
    public PrometheusMetrics(string meterPrefix = "Mesh")
        : this(meter => meter.Name.StartsWith(meterPrefix, StringComparison.Ordinal))
    {
    }

    /// <summary>Starts listening to the meters <paramref name="includeMeter"/> accepts.</summary>
    public PrometheusMetrics(Func<Meter, bool> includeMeter)
    {
        _includeMeter = includeMeter;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) => OnMeasurementsCompleted(instrument);
        _listener.SetMeasurementEventCallback<long>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<short>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<byte>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (i, v, tags, state) => ((PrometheusMetrics)state!).Record(i, (double)v, tags));
        _listener.Start();
    }

    /// <summary>The media type of the text exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders every collected series.</summary>
    public string Render()
    {
        var builder = new StringBuilder();
        using var writer = new StringWriter(builder, CultureInfo.InvariantCulture);
        WriteTo(writer);
        return builder.ToString();
    }

    /// <summary>Writes every collected series to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        lock (_scrapeLock)
        {
            // Observable instruments report on demand; their previous values are replaced, not added to.
            foreach (var series in _byName.Values)
            {
                if (series.IsObservable)
                {
                    series.ResetObservations();
                }
            }

            _listener.RecordObservableInstruments();

            var byName = new SortedDictionary<string, InstrumentSeries>(_byName, StringComparer.Ordinal);
            foreach (var series in byName.Values)
            {
                series.WriteTo(writer);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_includeMeter(instrument.Meter))
        {
            return;
        }

        var created = InstrumentSeries.Create(instrument);
        _instruments[instrument] = _byName.GetOrAdd(created.Name, created);
        listener.EnableMeasurementEvents(instrument, this);
    }

    private void OnMeasurementsCompleted(Instrument instrument)
    {
        lock (_scrapeLock)
        {
            if (_instruments.TryRemove(instrument, out var series) && !_instruments.Values.Contains(series))
            {
                _byName.TryRemove(series.Name, out _);
            }
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var series))
        {
            series.Record(value, tags);
        }
    }
}
