using Mesh.Controller.Compilation;
using Mesh.ControllerApi;

namespace Mesh.Controller.Storage;

/// <summary>The next manifest, the keys to stage for it and the change of every resource involved.</summary>
/// <param name="Entries">The next manifest's entries.</param>
/// <param name="ToStage">New or changed resources whose keys must be written.</param>
/// <param name="Changes">The change of every resource involved.</param>
/// <param name="OwnershipChanged">True when only the origin of some resource changes (still a new manifest).</param>
internal sealed record ApplyPlan(IReadOnlyList<ManifestEntry> Entries, IReadOnlyList<DesiredResource> ToStage, IReadOnlyList<ResourceChange> Changes, bool OwnershipChanged = false)
{
    public bool HasChanges => OwnershipChanged || Changes.Any(c => c.Action != ChangeAction.Unchanged);

    /// <summary>
    /// Plans an apply by <paramref name="origin"/> (null: the API). The bundle's resources are recorded with that origin;
    /// with <paramref name="prune"/>, stored resources of the same origin that the bundle does not contain are deleted,
    /// resources of other origins are kept.
    /// </summary>
    public static ApplyPlan Create(DesiredState current, IReadOnlyList<DesiredResource> desired, bool prune, string? origin = null)
    {
        var entries = new Dictionary<(string Kind, string Name), ManifestEntry>();
        foreach (var stored in current.Resources.Where(s => !prune || !SameOrigin(s.Origin, origin)))
        {
            entries[(stored.Kind, stored.Name)] = new ManifestEntry(stored.Kind, stored.Name, stored.Digest, stored.Origin);
        }

        var changes = new List<ResourceChange>();
        var toStage = new List<DesiredResource>();
        var seen = new HashSet<(string, string)>();
        var ownershipChanged = false;
        foreach (var resource in desired)
        {
            if (!seen.Add((resource.Kind, resource.Name)))
            {
                throw new ArgumentException($"The bundle declares {resource.Kind} \"{resource.Name}\" twice.", nameof(desired));
            }

            var digest = KvKeys.Digest(resource.CanonicalJson);
            entries[(resource.Kind, resource.Name)] = new ManifestEntry(resource.Kind, resource.Name, digest, origin);
            var stored = current.Find(resource.Kind, resource.Name);
            if (stored is null)
            {
                changes.Add(new ResourceChange(resource.Kind, resource.Name, ChangeAction.Create, After: resource.Hcl));
                toStage.Add(resource);
            }
            else if (!string.Equals(stored.Digest, digest, StringComparison.Ordinal))
            {
                changes.Add(new ResourceChange(resource.Kind, resource.Name, ChangeAction.Update, stored.Hcl, resource.Hcl));
                toStage.Add(resource);
            }
            else
            {
                ownershipChanged |= !SameOrigin(stored.Origin, origin);
                changes.Add(new ResourceChange(resource.Kind, resource.Name, ChangeAction.Unchanged));
            }
        }

        if (prune)
        {
            foreach (var stored in current.Resources.Where(s => SameOrigin(s.Origin, origin) && !seen.Contains((s.Kind, s.Name))))
            {
                changes.Add(new ResourceChange(stored.Kind, stored.Name, ChangeAction.Delete, Before: stored.Hcl));
            }
        }

        return new ApplyPlan(Sort(entries.Values), toStage, changes, ownershipChanged);
    }

    public static ApplyPlan Without(DesiredState current, StoredResource removed) =>
        new(
            Sort(current.Resources.Where(r => r != removed).Select(r => new ManifestEntry(r.Kind, r.Name, r.Digest, r.Origin))),
            [],
            [new ResourceChange(removed.Kind, removed.Name, ChangeAction.Delete, Before: removed.Hcl)]);

    private static bool SameOrigin(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static List<ManifestEntry> Sort(IEnumerable<ManifestEntry> entries) =>
        [.. entries.OrderBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)];
}
