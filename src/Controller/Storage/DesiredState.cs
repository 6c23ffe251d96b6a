namespace Mesh.Controller.Storage;

/// <summary>One generation of desired state, read consistently.</summary>
/// <param name="Generation">The manifest's generation (0 when nothing was ever applied).</param>
/// <param name="ManifestIndex">The manifest key's ModifyIndex (0 when absent): the check-and-set index of the next commit.</param>
/// <param name="Resources">The resources the manifest names, sorted by kind then name.</param>
public sealed record DesiredState(long Generation, ulong ManifestIndex, IReadOnlyList<StoredResource> Resources)
{
    /// <summary>Finds a resource.</summary>
    public StoredResource? Find(string kind, string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Kind, kind, StringComparison.Ordinal) && string.Equals(r.Name, name, StringComparison.Ordinal));
}
