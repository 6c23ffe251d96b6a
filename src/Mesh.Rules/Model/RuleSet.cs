namespace Mesh.Rules.Model;

/// <summary>The resources of a rule bundle, in source order.</summary>
/// <param name="Resources">The resources.</param>
public sealed record RuleSet(IReadOnlyList<Resource> Resources)
{
    /// <summary>The empty rule set.</summary>
    public static RuleSet Empty { get; } = new([]);

    /// <summary>The resources of one type.</summary>
    public IEnumerable<T> OfKind<T>()
        where T : Resource => Resources.OfType<T>();
}
