using Mesh.Hcl.Structure;

namespace Mesh.Agent.Configuration;

/// <summary>
/// Decodes the <c>telemetry { tracing { … } access_log { … } }</c> block of <c>agent.hcl</c>; every problem becomes a
/// diagnostic at its file and line.
/// </summary>
internal static class TelemetryBlockDecoder
{
    private static readonly BodySchema s_telemetry = new([], [new("tracing"), new("access_log")]);
    private static readonly BodySchema s_tracing = new([new("otlp_endpoint"), new("protocol"), new("sampling"), new("service_name")], []);
    private static readonly BodySchema s_accessLog = new([new("enabled"), new("path"), new("sample_percent"), new("min_status"), new("always_log_flagged")], []);

    public static void Decode(HclBlock block, TelemetrySettings settings, HclValueReader read)
    {
        var content = block.Body.Content(s_telemetry, read.Diagnostics);
        var seen = new Dictionary<string, HclBlock>(StringComparer.Ordinal);
        foreach (var inner in content.Blocks)
        {
            if (!seen.TryAdd(inner.Type, inner))
            {
                read.Error(inner.DefRange, $"Only one \"{inner.Type}\" block is allowed in \"telemetry\"; the first is at line {seen[inner.Type].DefRange.Start.Line}.");
                continue;
            }

            if (inner.Type == "tracing")
            {
                DecodeTracing(inner, settings.Tracing, read);
            }
            else
            {
                DecodeAccessLog(inner, settings.AccessLog, read);
            }
        }
    }

    private static void DecodeTracing(HclBlock block, TracingSettings settings, HclValueReader read)
    {
        var content = block.Body.Content(s_tracing, read.Diagnostics);
        settings.OtlpEndpoint = read.Url(content, "otlp_endpoint") ?? settings.OtlpEndpoint;
        if (read.String(content, "protocol") is { } protocol)
        {
            if (protocol is TracingSettings.HttpProtobuf or TracingSettings.Grpc)
            {
                settings.Protocol = protocol;
            }
            else
            {
                read.Error(content.Attributes["protocol"].Expression.Range, $"\"protocol\" must be \"http/protobuf\" or \"grpc\", not \"{protocol}\".");
            }
        }

        settings.SamplingPercent = read.Double(content, "sampling", 0, 100) ?? settings.SamplingPercent;
        if (read.String(content, "service_name") is { } serviceName)
        {
            if (serviceName.Trim().Length == 0)
            {
                read.Error(content.Attributes["service_name"].Expression.Range, "\"service_name\" must not be empty.");
            }
            else
            {
                settings.ServiceName = serviceName.Trim();
            }
        }
    }

    private static void DecodeAccessLog(HclBlock block, AccessLogSettings settings, HclValueReader read)
    {
        var content = block.Body.Content(s_accessLog, read.Diagnostics);
        settings.Enabled = read.Bool(content, "enabled") ?? settings.Enabled;
        if (read.String(content, "path") is { } path)
        {
            if (path.Length == 0 || !Path.IsPathFullyQualified(path))
            {
                read.Error(content.Attributes["path"].Expression.Range, $"\"path\" must be an absolute file path such as \"/var/log/mesh/access.log\", not \"{path}\".");
            }
            else
            {
                settings.Path = path;
            }
        }

        settings.SamplePercent = read.Double(content, "sample_percent", 0, 100) ?? settings.SamplePercent;
        settings.MinimumStatus = read.Int(content, "min_status", 0, 599) ?? settings.MinimumStatus;
        settings.AlwaysLogFlagged = read.Bool(content, "always_log_flagged") ?? settings.AlwaysLogFlagged;
    }
}
