namespace Mesh.DevCatalog.Catalog;

/// <summary>The body of <c>PUT /v1/agent/check/update/&lt;id&gt;</c>.</summary>
internal sealed class CheckUpdate
{
    /// <summary>passing, warning or critical.</summary>
    public string? Status { get; set; }

    /// <summary>Human-readable output.</summary>
    public string? Output { get; set; }
}
