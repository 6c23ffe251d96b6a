namespace Mesh.DevCatalog.Catalog;

/// <summary>The body of <c>PUT /v1/catalog/deregister</c>: the node alone removes it with its services and checks; <c>ServiceID</c> or <c>CheckID</c> remove just that.</summary>
internal sealed class CatalogDeregistration
{
    /// <summary>The node (required).</summary>
    public string? Node { get; set; }

    /// <summary>The datacenter (ignored: one datacenter).</summary>
    public string? Datacenter { get; set; }

    /// <summary>A service instance to remove.</summary>
    public string? ServiceID { get; set; }

    /// <summary>A check to remove.</summary>
    public string? CheckID { get; set; }
}
