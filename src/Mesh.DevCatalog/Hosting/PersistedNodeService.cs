using Mesh.DevCatalog.Catalog;

namespace Mesh.DevCatalog.Hosting;

/// <summary>A service registered on a node through <c>/v1/catalog/register</c>.</summary>
internal sealed record PersistedNodeService(string Node, ServiceInstance Service);
