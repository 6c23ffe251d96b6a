namespace Mesh.Agent.Configuration;

/// <summary>The <c>audit_log { path = "…" }</c> block: authorization audit events also go to this file as JSON lines.</summary>
public sealed class AuditLogSettings
{
    /// <summary>The file audit events are appended to (created 0640); empty writes them to the regular log only.</summary>
    public string Path { get; set; } = "";
}
