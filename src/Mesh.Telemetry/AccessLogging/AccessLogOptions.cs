namespace Mesh.Telemetry.AccessLogging;

/// <summary>Which requests get an access log line, and where it goes.</summary>
public sealed record AccessLogOptions
{
    /// <summary>A file to append to; null writes to standard output (journald under systemd). Default null.</summary>
    public string? Path { get; init; }

    /// <summary>Percentage of requests logged, 0 to 100. Default 100. Requests with response flags are always logged.</summary>
    public double SamplePercent { get; init; } = 100;

    /// <summary>Log only responses with at least this status (for example 400 for errors only). Default 0: all.</summary>
    public int MinimumStatus { get; init; }

    /// <summary>Lines waiting to be written before new ones are dropped (and counted). Default 10,000.</summary>
    public int QueueCapacity { get; init; } = 10_000;
}
