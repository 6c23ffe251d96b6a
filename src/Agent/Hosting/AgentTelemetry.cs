using Mesh.Agent.Configuration;
using Mesh.Proxy.Observability;
using Mesh.Telemetry.AccessLogging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mesh.Agent.Hosting;

/// <summary>
/// The observability every proxy of one agent (or gateway) shares, from the <c>telemetry</c> block: one span exporter
/// for the process (OTLP, only when <c>otlp_endpoint</c> is set), one access log writer (so proxies do not overwrite
/// each other's lines in one file), and the <see cref="ProxyObservabilityOptions"/> each proxy is built with.
/// Dispose after the proxies: queued spans are exported and queued log lines written.
/// </summary>
internal sealed class AgentTelemetry : IAsyncDisposable
{
    private readonly TelemetrySettings _settings;
    private readonly TracerProvider? _tracer;
    private readonly AccessLogWriter? _accessLog;

    public AgentTelemetry(TelemetrySettings settings, string nodeName)
    {
        _settings = settings;
        var tracing = settings.Tracing;
        if (tracing.ExportEndpoint is { } endpoint)
        {
            // The proxies decide sampling themselves (trace_sampling, or the caller's decision): keep every span they record.
            _tracer = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(tracing.ServiceName).AddAttributes([new("host.name", nodeName)]))
                .AddSource(MeshProxyTelemetry.ActivitySourceName)
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = tracing.Protocol == TracingSettings.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                })
                .Build();
        }

        var log = settings.AccessLog;
        if (log.Enabled)
        {
            if (log.Path is { } path && System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            _accessLog = new AccessLogWriter(new AccessLogOptions { Path = log.Path, SamplePercent = log.SamplePercent, MinimumStatus = log.MinimumStatus });
        }
    }

    /// <summary>Telemetry with the defaults: no span export, no access log.</summary>
    public static AgentTelemetry Disabled { get; } = new(new TelemetrySettings(), "");

    /// <summary>Whether spans are exported.</summary>
    public bool Exporting => _tracer is not null;

    /// <summary>The shared access log writer, when access logs are enabled.</summary>
    public AccessLogWriter? AccessLog => _accessLog;

    /// <summary>The fraction (0 to 1) of new traces the proxies record.</summary>
    public double SamplingRatio => _settings.Tracing.SamplingPercent / 100;

    /// <summary>The access log settings.</summary>
    public AccessLogSettings AccessLogSettings => _settings.AccessLog;

    /// <summary>The options of an HTTP proxy reporting as <paramref name="identity"/>: sampling and the shared access log.</summary>
    public ProxyObservabilityOptions For(ProxyIdentity identity) => new()
    {
        Identity = identity,
        TraceSamplingRatio = SamplingRatio,
        AccessLog = _accessLog is null
            ? new ProxyAccessLogOptions()
            : new ProxyAccessLogOptions
            {
                Enabled = true,
                Path = _settings.AccessLog.Path,
                SamplePercent = _settings.AccessLog.SamplePercent,
                MinimumStatus = _settings.AccessLog.MinimumStatus,
                AlwaysLogFlagged = _settings.AccessLog.AlwaysLogFlagged,
                Writer = _accessLog,
            },
    };

    /// <summary>The options of a TCP proxy: metrics only (identity and sampling; TCP proxies write no access log).</summary>
    public ProxyObservabilityOptions ForTcp(ProxyIdentity identity) => new() { Identity = identity, TraceSamplingRatio = SamplingRatio };

    /// <summary>Exports the spans still queued (waits at most <paramref name="timeoutMilliseconds"/>); true when all went.</summary>
    public bool Flush(int timeoutMilliseconds = 5000) => _tracer?.ForceFlush(timeoutMilliseconds) ?? true;

    public async ValueTask DisposeAsync()
    {
        if (ReferenceEquals(this, Disabled))
        {
            return;
        }

        _tracer?.Dispose();
        if (_accessLog is not null)
        {
            await _accessLog.DisposeAsync().ConfigureAwait(false);
        }
    }
}
