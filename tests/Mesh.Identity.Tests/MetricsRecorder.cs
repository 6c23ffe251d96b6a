using System.Diagnostics.Metrics;

namespace Mesh.Identity.Tests;

/// <summary>Listens to the <c>Mesh.Identity</c> meter and keeps the measurements tagged with one identity.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _identity;
    private readonly List<(string Instrument, double Value)> _measurements = [];

    public MetricsRecorder(SpiffeId identity)
    {
        _identity = identity.ToString();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IdentityMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of the counter's increments for the identity.</summary>
    public double Sum(string instrument)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);
        }
    }

    /// <summary>Polls the observable instruments and returns the gauge's value for the identity, or null when it reports none.</summary>
    public double? Observe(string instrument)
    {
        lock (_measurements)
        {
            _measurements.RemoveAll(m => m.Instrument == instrument);
        }

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            var values = _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();
            return values.Count == 0 ? null : values[^1];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "identity" && Equals(tag.Value, _identity))
            {
                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, value));
                }

                return;
            }
        }
    }
}
