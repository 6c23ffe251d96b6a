namespace Mesh.Controller.Storage;

/// <summary>The committed desired state: <c>mesh/desired/manifest</c>.</summary>
/// <param name="Generation">Incremented by every commit.</param>
/// <param name="Resources">The resource keys this generation consists of, sorted by kind then name.</param>
internal sealed record Manifest(long Generation, IReadOnlyList<ManifestEntry> Resources)
{
    public static Manifest Empty { get; } = new(0, []);
}
