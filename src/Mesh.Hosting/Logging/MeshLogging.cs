using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Mesh.Hosting.Logging;

/// <summary>How the daemons log: structured JSON lines under systemd (journald keeps them), readable text on a terminal.</summary>
public static class MeshLogging
{
    /// <summary>The property that marks audit events, so operators can route them apart from the rest.</summary>
    public const string AuditProperty = "MeshAudit";

    /// <summary>Builds the root logger for a daemon.</summary>
    /// <param name="component">The daemon's name, attached to every event.</param>
    /// <param name="format"><c>json</c>, <c>text</c>, or <c>auto</c> (JSON when journald captures stdout).</param>
    /// <param name="level">The minimum level.</param>
    public static Serilog.Core.Logger CreateLogger(string component, string format = "auto", LogEventLevel level = LogEventLevel.Information)
    {
        var json = format switch
        {
            "json" => true,
            "text" => false,
            "auto" => Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null || Console.IsOutputRedirected,
            _ => throw new ArgumentException($"Unknown log format \"{format}\"; use json, text or auto.", nameof(format)),
        };

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            // YARP logs two Information events per proxied request ("Proxying to …", "Received … response"): about a
            // third of a sidecar's CPU per request (bench/results/2026-11-25-runtime-settings.md). The access log is
            // the per-request record.
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Component", component);

        configuration = json
            ? configuration.WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: null)
            : configuration.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }
}
