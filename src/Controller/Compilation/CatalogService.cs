namespace Mesh.Controller.Compilation;

/// <summary>One catalog service.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Tags">The union of its instances' tags.</param>
/// <param name="Instances">Its registered instances.</param>
public sealed record CatalogService(string Name, IReadOnlyList<string> Tags, IReadOnlyList<CatalogInstance> Instances);
