namespace Mesh.Consul.Health;

/// <summary>A check of a health entry (the node's own checks have an empty <see cref="ServiceID"/>).</summary>
public sealed class HealthCheck
{
    /// <summary>The check id.</summary>
    public string CheckID { get; init; } = string.Empty;

    /// <summary>The check name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>passing</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The service instance the check belongs to; empty for a node check.</summary>
    public string ServiceID { get; init; } = string.Empty;

    /// <summary>The check's last output.</summary>
    public string Output { get; init; } = string.Empty;
}
