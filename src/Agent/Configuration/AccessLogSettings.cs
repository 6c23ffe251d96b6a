namespace Mesh.Agent.Configuration;

/// <summary>The <c>telemetry { access_log { … } }</c> block: one JSON line per proxied request (Istio's fields).</summary>
public sealed class AccessLogSettings
{
    /// <summary>Whether access logs are written (<c>enabled</c>); default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The file lines are appended to (<c>path</c>); null (default) writes them to standard output (journald under systemd).</summary>
    public string? Path { get; set; }

    /// <summary>Percentage of requests logged (<c>sample_percent</c>), 0 to 100; default 100.</summary>
    public double SamplePercent { get; set; } = 100;

    /// <summary>Only responses with at least this status are logged (<c>min_status</c>, 400 for errors only); default 0: all.</summary>
    public int MinimumStatus { get; set; }

    /// <summary>Requests with response flags (UF, UO, NR, …) are logged whatever the sampling and status (<c>always_log_flagged</c>); default true.</summary>
    public bool AlwaysLogFlagged { get; set; } = true;
}
