namespace Mesh.Controller.Storage;

/// <summary>One resource named by the manifest.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Digest">The digest of its canonical JSON (names its key).</param>
/// <param name="Origin">Who applied it: null for the API, <see cref="Origins.RulesDir"/> for the rules directory.</param>
internal sealed record ManifestEntry(string Kind, string Name, string Digest, string? Origin = null);
