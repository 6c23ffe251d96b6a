using System.Text.Json;

namespace Mesh.DevCatalog.Catalog;

/// <summary>The body of <c>PUT /v1/agent/service/register</c>.</summary>
internal sealed class ServiceDefinition
{
    /// <summary>Instance id; defaults to <see cref="Name"/>.</summary>
    public string? ID { get; set; }

    /// <summary>Service name (required).</summary>
    public string? Name { get; set; }

    /// <summary>Tags.</summary>
    public List<string>? Tags { get; set; }

    /// <summary>Address; empty means the node's.</summary>
    public string? Address { get; set; }

    /// <summary>Port.</summary>
    public int Port { get; set; }

    /// <summary>Metadata.</summary>
    public Dictionary<string, string>? Meta { get; set; }

    /// <summary>Kind ("" for a typical service, "connect-proxy", ...).</summary>
    public string? Kind { get; set; }

    /// <summary>Tag override flag (stored, not acted on).</summary>
    public bool EnableTagOverride { get; set; }

    /// <summary>DNS weights.</summary>
    public ServiceWeights? Weights { get; set; }

    /// <summary>Proxy configuration, kept verbatim.</summary>
    public JsonElement? Proxy { get; set; }

    /// <summary>Connect configuration, kept verbatim.</summary>
    public JsonElement? Connect { get; set; }

    /// <summary>One check.</summary>
    public CheckDefinition? Check { get; set; }

    /// <summary>Several checks.</summary>
    public List<CheckDefinition>? Checks { get; set; }
}
