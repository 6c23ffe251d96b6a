using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Mesh.ControllerApi;
using Mesh.Telemetry.Metrics;

namespace Mesh.Agent.Reporting;

/// <summary>
/// Counts the requests one local service sends through its outbound proxy, per destination and version, by
/// listening to the <c>Mesh.Proxy</c> meter of that proxy (the meters its <see cref="IMeterFactory"/> created) and
/// keeping the measurements reported as <c>reporter=source</c> by this service. The callbacks only look up and
/// bump existing counters: nothing is allocated per request once an edge is known.
/// </summary>
internal sealed class TrafficRecorder : IDisposable
{
    private const string RequestsInstrument = "mesh.requests";
    private const string DurationInstrument = "mesh.request.duration";
    private const string Unknown = "unknown";

    private readonly object _scope;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<(string Destination, string? Version), EdgeCounters> _edges = new();
    private long _changes;

    /// <summary>Starts listening to the proxy metrics created by <paramref name="scope"/> for <paramref name="service"/>'s traffic.</summary>
    public TrafficRecorder(string service, object scope)
    {
        Service = service;
        _scope = scope;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ProxyMetrics.MeterName
                    && ReferenceEquals(instrument.Meter.Scope, _scope)
                    && instrument.Name is RequestsInstrument or DurationInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnRequest);
        _listener.SetMeasurementEventCallback<double>(OnDuration);
        _listener.Start();
    }

    /// <summary>The local (calling) service.</summary>
    public string Service { get; }

    /// <summary>Grows with every counted measurement: a report is due when it changed since the last one.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>The cumulative counters of every edge seen so far.</summary>
    public IReadOnlyList<TrafficEdge> Edges() =>
    [
        .. _edges.Select(e => e.Value.ToEdge(Service, e.Key.Destination, e.Key.Version))
            .OrderBy(e => e.Destination, StringComparer.Ordinal)
            .ThenBy(e => e.DestinationVersion, StringComparer.Ordinal),
    ];

    private void OnRequest(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == RequestsInstrument && Find(tags, out var status) is { } counters)
        {
            counters.AddRequests(value, status is 0 or >= 500);
            Interlocked.Increment(ref _changes);
        }
    }

    private void OnDuration(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == DurationInstrument && Find(tags, out _) is { } counters)
        {
            counters.AddDuration(value);
            Interlocked.Increment(ref _changes);
        }
    }

    /// <summary>The counters of the measurement's edge, or null when it is not this service's outbound traffic.</summary>
    private EdgeCounters? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags, out int status)
    {
        status = 0;
        string? reporter = null, source = null, destination = null, version = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "reporter":
                    reporter = value as string;
                    break;
                case "source_workload":
                    source = value as string;
                    break;
                case "destination_service":
                    destination = value as string;
                    break;
                case "destination_version":
                    version = value as string;
                    break;
                case "response_code":
                    status = value is string code && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                    break;
            }
        }

        if (reporter != "source" || source != Service || destination is null or Unknown)
        {
            return null;
        }

        var edge = (destination, version is null or Unknown ? null : version);
        return _edges.TryGetValue(edge, out var existing) ? existing : _edges.GetOrAdd(edge, static _ => new EdgeCounters());
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private sealed class EdgeCounters
    {
        private readonly Lock _lock = new();
        private long _requests;
        private long _errors;
        private double _durationMs;

        public void AddRequests(long count, bool error)
        {
            lock (_lock)
            {
                _requests += count;
                if (error)
                {
                    _errors += count;
                }
            }
        }

        public void AddDuration(double milliseconds)
        {
            lock (_lock)
            {
                _durationMs += milliseconds;
            }
        }

        public TrafficEdge ToEdge(string source, string destination, string? version)
        {
            lock (_lock)
            {
                return new TrafficEdge
                {
                    Source = source,
                    Destination = destination,
                    DestinationVersion = version,
                    Requests = _requests,
                    Errors = _errors,
                    DurationMsSum = _durationMs,
                };
            }
        }
    }
}
