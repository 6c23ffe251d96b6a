namespace Mesh.DevCatalog.Catalog;

/// <summary>The <c>Node</c> object of health results: the dev catalog's single node.</summary>
internal sealed record NodeInfo(
    string ID,
    string Node,
    string Address,
    string Datacenter,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    IReadOnlyDictionary<string, string> Meta,
    ulong CreateIndex,
    ulong ModifyIndex);
