namespace Mesh.Snapshots.Routing;

/// <summary>Header changes applied in the order remove, set, add.</summary>
public sealed record HeaderMutation
{
    /// <summary>Headers to overwrite.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = EmptyHeaders.Instance;

    /// <summary>Headers to append (keeping existing values).</summary>
    public IReadOnlyDictionary<string, string> Add { get; init; } = EmptyHeaders.Instance;

    /// <summary>Headers to remove.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}
