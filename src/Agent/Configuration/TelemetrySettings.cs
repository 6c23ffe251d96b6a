namespace Mesh.Agent.Configuration;

/// <summary>The <c>telemetry</c> block: tracing and access logs of every proxy the agent runs (metrics are always on).</summary>
public sealed class TelemetrySettings
{
    /// <summary>Span export and sampling (<c>tracing</c> block).</summary>
    public TracingSettings Tracing { get; set; } = new();

    /// <summary>Access logs (<c>access_log</c> block).</summary>
    public AccessLogSettings AccessLog { get; set; } = new();
}
