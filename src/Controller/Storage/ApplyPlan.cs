using Mesh.Controller.Compilation;
using Mesh.ControllerApi;

namespace Mesh.Controller.Storage;

/// <summary>The next manifest, the keys to stage for it and the change of every resource involved.</summary>
internal sealed record ApplyPlan(IReadOnlyList<ManifestEntry> Entries, IReadOnlyList<DesiredResource> ToStage, IReadOnlyList<ResourceChange> Changes)
{
    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.Unchanged);

    public static ApplyPlan Create(DesiredState current, IReadOnlyList<DesiredResource> desired, bool prune)
    {
        var entries = new Dictionary<(string Kind, string Name), ManifestEntry>();
        if (!prune)
        {
            foreach (var stored in current.Resources)
            {
                entries[(stored.Kind, stored.Name)] = new ManifestEntry(stored.Kind, stored.Name, stored.Digest);
            }
        }

        var changes = new List<ResourceChange>();
        var toStage = new List<DesiredResource>();
        var seen = new HashSet<(string, string)>();
        foreach (var resource in desired)
        {
            if (!seen.Add((resource.Kind, resource.Name)))
            {
                throw new ArgumentException($"The bundle declares {resource.Kind} \"{resource.Name}\" twice.", nameof(desired));
            }

            var digest = KvKeys.Digest(resource.CanonicalJson);
            entries[(resource.Kind, resource.Name)] = new ManifestEntry(resource.Kind, resource.Name, digest);
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
                changes.Add(new ResourceChange(resource.Kind, resource.Name, ChangeAction.Unchanged));
            }
        }

        if (prune)
        {
            foreach (var stored in current.Resources.Where(s => !seen.Contains((s.Kind, s.Name))))
            {
                changes.Add(new ResourceChange(stored.Kind, stored.Name, ChangeAction.Delete, Before: stored.Hcl));
            }
        }

        return new ApplyPlan(Sort(entries.Values), toStage, changes);
    }

    public static ApplyPlan Without(DesiredState current, StoredResource removed) =>
        new(
            Sort(current.Resources.Where(r => r != removed).Select(r => new ManifestEntry(r.Kind, r.Name, r.Digest))),
            [],
            [new ResourceChange(removed.Kind, removed.Name, ChangeAction.Delete, Before: removed.Hcl)]);

    private static List<ManifestEntry> Sort(IEnumerable<ManifestEntry> entries) =>
        [.. entries.OrderBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)];
}
