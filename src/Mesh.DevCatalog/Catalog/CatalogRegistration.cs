namespace Mesh.DevCatalog.Catalog;

/// <summary>The body of <c>PUT /v1/catalog/register</c>: a node (created or updated), optionally a service and checks on it.</summary>
internal sealed class CatalogRegistration
{
    /// <summary>The node's id (a UUID); generated when absent.</summary>
    public string? ID { get; set; }

    /// <summary>The node's name (required).</summary>
    public string? Node { get; set; }

    /// <summary>The node's address (required unless <see cref="SkipNodeUpdate"/> and the node exists).</summary>
    public string? Address { get; set; }

    /// <summary>The datacenter; the catalog's own when absent.</summary>
    public string? Datacenter { get; set; }

    /// <summary>The node's tagged addresses.</summary>
    public Dictionary<string, string>? TaggedAddresses { get; set; }

    /// <summary>The node's meta (replaces the previous meta).</summary>
    public Dictionary<string, string>? NodeMeta { get; set; }

    /// <summary>A service to register on the node.</summary>
    public CatalogRegistrationService? Service { get; set; }

    /// <summary>A check to register on the node (a node check without <c>ServiceID</c>).</summary>
    public CatalogRegistrationCheck? Check { get; set; }

    /// <summary>Checks to register on the node.</summary>
    public List<CatalogRegistrationCheck>? Checks { get; set; }

    /// <summary>Leaves an existing node's address and meta alone.</summary>
    public bool SkipNodeUpdate { get; set; }
}
