namespace Mesh.Controller.Storage;

/// <summary>One resource named by the manifest.</summary>
internal sealed record ManifestEntry(string Kind, string Name, string Digest);
