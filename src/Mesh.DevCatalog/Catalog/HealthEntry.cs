namespace Mesh.DevCatalog.Catalog;

/// <summary>One element of <c>/v1/health/service/&lt;name&gt;</c>.</summary>
internal sealed record HealthEntry(NodeInfo Node, ServiceInstance Service, IReadOnlyList<CheckState> Checks);
