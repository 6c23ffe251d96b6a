namespace Mesh.Nomad.Watching;

/// <summary>How the <see cref="AllocationWatcher"/> follows a node.</summary>
public sealed class AllocationWatcherOptions
{
    /// <summary>The node to watch; null asks the local agent (<c>/v1/agent/self</c>). Default null.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long one blocking query may wait for a change. Default 5 minutes, Nomad's own default;
    /// Nomad caps it at 300 seconds and adds up to wait/16 of jitter.
    /// </summary>
    public TimeSpan BlockingWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The pause after the first failed query; it doubles with each further failure. Default 1 second.</summary>
    public TimeSpan ErrorBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between failed queries. Default 30 seconds.</summary>
    public TimeSpan ErrorBackoffMax { get; set; } = TimeSpan.FromSeconds(30);
}
