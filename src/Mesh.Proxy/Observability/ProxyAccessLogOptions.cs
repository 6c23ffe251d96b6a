namespace Mesh.Proxy.Observability;

/// <summary>Access log settings of a proxy: one JSON line per selected request.</summary>
public sealed record ProxyAccessLogOptions
{
    /// <summary>Whether access logs are written at all. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>A file to append to; null writes to standard output, which journald collects under systemd.</summary>
    public string? Path { get; init; }

    /// <summary>Percentage of requests logged, 0 to 100. Default 100.</summary>
    public double SamplePercent { get; init; } = 100;

    /// <summary>Log only responses with at least this status (400 logs errors only). Default 0: all.</summary>
    public int MinimumStatus { get; init; }

    /// <summary>
    /// A writer shared by several proxies of one process (they would otherwise each open <see cref="Path"/> and
    /// overwrite each other's lines); the proxy writes to it and does not dispose it. Default null: the proxy opens its own.
    /// </summary>
    public Mesh.Telemetry.AccessLogging.AccessLogWriter? Writer { get; init; }

    /// <summary>Log requests with response flags (UF, UO, NR, ...) whatever the sampling and status filter. Default true.</summary>
    public bool AlwaysLogFlagged { get; init; } = true;
}
