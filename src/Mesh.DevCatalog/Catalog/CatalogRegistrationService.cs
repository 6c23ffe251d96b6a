namespace Mesh.DevCatalog.Catalog;

/// <summary>The <c>Service</c> object of a catalog registration (the name is <c>Service</c>, unlike the agent's <c>Name</c>).</summary>
internal sealed class CatalogRegistrationService
{
    /// <summary>The instance id; the service name when absent.</summary>
    public string? ID { get; set; }

    /// <summary>The service name (required).</summary>
    public string? Service { get; set; }

    /// <summary>The instance's tags.</summary>
    public List<string>? Tags { get; set; }

    /// <summary>The instance's address; the node's when empty.</summary>
    public string? Address { get; set; }

    /// <summary>The instance's meta.</summary>
    public Dictionary<string, string>? Meta { get; set; }

    /// <summary>The instance's port.</summary>
    public int Port { get; set; }

    /// <summary>DNS weights.</summary>
    public ServiceWeights? Weights { get; set; }

    /// <summary>Whether anti-entropy leaves catalog tag changes alone.</summary>
    public bool EnableTagOverride { get; set; }

    /// <summary>The service kind (empty for a typical service).</summary>
    public string? Kind { get; set; }
}
