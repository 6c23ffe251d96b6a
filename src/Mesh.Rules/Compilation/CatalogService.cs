namespace Mesh.Rules.Compilation;

/// <summary>A catalog service and its registered instances.</summary>
public sealed record CatalogService
{
    /// <summary>The service name (the short host clients use, <c>reviews</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The registered instances.</summary>
    public IReadOnlyList<CatalogInstance> Instances { get; init; } = [];
}
