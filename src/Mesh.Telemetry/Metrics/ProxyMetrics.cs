using System.Diagnostics.Metrics;

namespace Mesh.Telemetry.Metrics;

/// <summary>
/// Istio's standard proxy metrics under a <c>mesh_</c> prefix, plus the mesh's resilience counters. Exposed by
/// <c>PrometheusMetrics</c> as <c>mesh_requests_total</c>, <c>mesh_request_duration_milliseconds</c>,
/// <c>mesh_request_bytes</c>, <c>mesh_response_bytes</c>, <c>mesh_tcp_*</c>, <c>mesh_upstream_retries_total</c>,
/// <c>mesh_outlier_ejections_total</c> and <c>mesh_circuit_breaker_overflows_total</c>.
/// </summary>
public sealed class ProxyMetrics : IDisposable
{
    /// <summary>The meter's name; the admin endpoint exports every meter starting with <c>Mesh</c>.</summary>
    public const string MeterName = "Mesh.Proxy";

    private static readonly double[] MillisecondBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
    private static readonly double[] ByteBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _requestBytes;
    private readonly Histogram<double> _responseBytes;
    private readonly Counter<long> _tcpSent;
    private readonly Counter<long> _tcpReceived;
    private readonly Counter<long> _tcpOpened;
    private readonly Counter<long> _tcpClosed;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _overflows;
    private readonly TagSetCache _httpTags = new(static labels => labels.ToTagArray());
    private readonly TagSetCache _tcpTags = new(static labels => labels.ToTcpTagArray());

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a private meter).</summary>
    public ProxyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("mesh.requests", description: "Requests handled by a proxy, as Istio's istio_requests_total.");
        _duration = _meter.CreateHistogram("mesh.request.duration", unit: "ms", description: "Request duration as seen by the reporting proxy.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
        _requestBytes = _meter.CreateHistogram("mesh.request", unit: "By", description: "HTTP request body sizes.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ByteBuckets });
        _responseBytes = _meter.CreateHistogram("mesh.response", unit: "By", description: "HTTP response body sizes.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ByteBuckets });
        _tcpSent = _meter.CreateCounter<long>("mesh.tcp.sent", unit: "By", description: "Bytes sent during TCP connections.");
        _tcpReceived = _meter.CreateCounter<long>("mesh.tcp.received", unit: "By", description: "Bytes received during TCP connections.");
        _tcpOpened = _meter.CreateCounter<long>("mesh.tcp.connections.opened", description: "TCP connections opened.");
        _tcpClosed = _meter.CreateCounter<long>("mesh.tcp.connections.closed", description: "TCP connections closed.");
        _retries = _meter.CreateCounter<long>("mesh.upstream.retries", description: "Retried upstream attempts.");
        _ejections = _meter.CreateCounter<long>("mesh.outlier.ejections", description: "Endpoints ejected by outlier detection.");
        _overflows = _meter.CreateCounter<long>("mesh.circuit_breaker.overflows", description: "Requests refused because a connection pool limit was reached.");
    }

    /// <summary>
    /// Whether anything listens to the HTTP request instruments; when false, <see cref="RecordRequest"/> does nothing
    /// and callers may skip building the labels.
    /// </summary>
    public bool RequestsEnabled => _requests.Enabled || _duration.Enabled || _requestBytes.Enabled || _responseBytes.Enabled;

    /// <summary>Records one finished HTTP request.</summary>
    public void RecordRequest(in RequestLabels labels, double durationMilliseconds, long requestBytes, long responseBytes)
    {
        if (!RequestsEnabled)
        {
            return;
        }

        // Fifteen labels: a TagList would spill them to a new array per request; the cached array costs nothing.
        ReadOnlySpan<KeyValuePair<string, object?>> tags = _httpTags.Get(labels);
        _requests.Add(1, tags);
        _duration.Record(durationMilliseconds, tags);
        _requestBytes.Record(requestBytes, tags);
        _responseBytes.Record(responseBytes, tags);
    }

    /// <summary>Records a TCP connection opening.</summary>
    public void RecordTcpOpened(in RequestLabels labels)
    {
        if (_tcpOpened.Enabled)
        {
            _tcpOpened.Add(1, (ReadOnlySpan<KeyValuePair<string, object?>>)_tcpTags.Get(labels));
        }
    }

    /// <summary>Records a TCP connection closing with the bytes it carried.</summary>
    public void RecordTcpClosed(in RequestLabels labels, long sentBytes, long receivedBytes)
    {
        ReadOnlySpan<KeyValuePair<string, object?>> tags = _tcpTags.Get(labels);
        _tcpSent.Add(sentBytes, tags);
        _tcpReceived.Add(receivedBytes, tags);
        _tcpClosed.Add(1, tags);
    }

    /// <summary>Records a retried attempt toward <paramref name="destinationService"/>.</summary>
    public void RecordRetry(string destinationService) =>
        _retries.Add(1, new KeyValuePair<string, object?>("destination_service", destinationService));

    /// <summary>Records an endpoint ejection.</summary>
    public void RecordEjection(string destinationService, string upstreamHost) =>
        _ejections.Add(1, new KeyValuePair<string, object?>("destination_service", destinationService), new KeyValuePair<string, object?>("upstream_host", upstreamHost));

    /// <summary>Records a request refused by a connection pool limit (<paramref name="limit"/>: connections, pending, requests).</summary>
    public void RecordOverflow(string destinationService, string limit) =>
        _overflows.Add(1, new KeyValuePair<string, object?>("destination_service", destinationService), new KeyValuePair<string, object?>("limit", limit));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
