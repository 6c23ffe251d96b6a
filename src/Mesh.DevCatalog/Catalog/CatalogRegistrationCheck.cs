namespace Mesh.DevCatalog.Catalog;

/// <summary>A check of a catalog registration: its status is set by the caller (no probe runs); a missing status is <c>critical</c>, as in Consul.</summary>
internal sealed class CatalogRegistrationCheck
{
    /// <summary>The node (the registration's node when empty).</summary>
    public string? Node { get; set; }

    /// <summary>The check id; the name when absent.</summary>
    public string? CheckID { get; set; }

    /// <summary>The check name.</summary>
    public string? Name { get; set; }

    /// <summary>Free-form notes.</summary>
    public string? Notes { get; set; }

    /// <summary><c>passing</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string? Status { get; set; }

    /// <summary>The service instance it belongs to; empty for a node check.</summary>
    public string? ServiceID { get; set; }

    /// <summary>The check's output.</summary>
    public string? Output { get; set; }
}
