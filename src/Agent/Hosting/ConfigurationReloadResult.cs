namespace Mesh.Agent.Hosting;

/// <summary>What a configuration reload did: refused (with the file:line errors), or the services it added, removed and changed.</summary>
/// <param name="Error">Null when the new configuration was applied; otherwise why it was refused (the running one is kept).</param>
/// <param name="Added">Services that were registered and got listeners.</param>
/// <param name="Removed">Services that were deregistered and whose listeners stopped.</param>
/// <param name="Changed">Services that were re-registered with their new settings.</param>
/// <param name="Failed">Services whose start failed (for example a port in use); they are not running.</param>
/// <param name="RestartRequired">Settings outside <c>service</c> blocks that changed but only apply on restart.</param>
public sealed record ConfigurationReloadResult(
    string? Error,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Failed,
    IReadOnlyList<string> RestartRequired)
{
    /// <summary>True when the new configuration was applied.</summary>
    public bool Applied => Error is null;

    /// <summary>A refused reload.</summary>
    public static ConfigurationReloadResult Refused(string error) => new(error, [], [], [], [], []);
}
