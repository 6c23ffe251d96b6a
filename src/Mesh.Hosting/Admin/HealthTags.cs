namespace Mesh.Hosting;

/// <summary>Tags that place a health check in the liveness or the readiness probe.</summary>
public static class HealthTags
{
    /// <summary>The process works (the systemd watchdog and <c>/healthz/live</c> use these).</summary>
    public const string Live = "live";

    /// <summary>The daemon can do its job (serving traffic, holding configuration): <c>/healthz/ready</c>.</summary>
    public const string Ready = "ready";
}
