using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.DevCatalog.Catalog;

/// <summary>A registered service instance, in the shape of the <c>Service</c> object of health results and agent services.</summary>
internal sealed record ServiceInstance(
    string ID,
    string Service,
    IReadOnlyList<string> Tags,
    string Address,
    IReadOnlyDictionary<string, string> Meta,
    int Port,
    ServiceWeights Weights,
    bool EnableTagOverride,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Proxy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Connect,
    string Datacenter,
    ulong CreateIndex,
    ulong ModifyIndex)
{
    /// <summary>True for the catalog's own "consul" service, which <c>/v1/agent/services</c> does not list.</summary>
    [JsonIgnore]
    public bool Internal { get; init; }

    /// <summary>The registration as canonical JSON, to tell a re-registration that changes nothing.</summary>
    [JsonIgnore]
    public string Fingerprint => JsonSerializer.Serialize(this with { CreateIndex = 0, ModifyIndex = 0 }, Hosting.CatalogJsonContext.Default.ServiceInstance);
}
