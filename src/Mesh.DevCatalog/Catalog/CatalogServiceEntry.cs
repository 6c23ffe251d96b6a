namespace Mesh.DevCatalog.Catalog;

/// <summary>One element of <c>/v1/catalog/service/&lt;name&gt;</c> (node and service fields flattened).</summary>
internal sealed record CatalogServiceEntry(
    string ID,
    string Node,
    string Address,
    string Datacenter,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    IReadOnlyDictionary<string, string> NodeMeta,
    string ServiceKind,
    string ServiceID,
    string ServiceName,
    IReadOnlyList<string> ServiceTags,
    string ServiceAddress,
    ServiceWeights ServiceWeights,
    IReadOnlyDictionary<string, string> ServiceMeta,
    int ServicePort,
    bool ServiceEnableTagOverride,
    ulong CreateIndex,
    ulong ModifyIndex);
