using Mesh.Rules.Compilation;
using Mesh.Rules.Model;
using Mesh.Rules.Serialization;
using Mesh.Snapshots;
using RulesCatalogInstance = Mesh.Rules.Compilation.CatalogInstance;
using RulesCatalogService = Mesh.Rules.Compilation.CatalogService;

namespace Mesh.Controller.Compilation;

/// <summary>Compiles the stored rules and the live catalog into one snapshot per destination host with the rule library.</summary>
internal sealed class RuleSnapshotCompiler(string trustDomain, TimeProvider time) : ISnapshotCompiler
{
    private static readonly string[] LocalityKeys = ["mesh-region", "mesh-zone", "mesh-subzone"];

    public IReadOnlyList<ProxySnapshot> Compile(IReadOnlyList<DesiredResource> desired, CatalogState catalog)
    {
        var resources = new List<Resource>(desired.Count);
        foreach (var d in desired)
        {
            resources.Add(ResourceJson.Deserialize(d.Kind, d.CanonicalJson));
        }

        var services = catalog.Services.Values.Select(s => new RulesCatalogService
        {
            Name = s.Name,
            Instances = s.Instances.Where(i => i.Healthy).Select(i => new RulesCatalogInstance
            {
                Node = i.Node,
                Address = i.Address,
                Port = i.Port,
                Tags = i.Tags,
                Meta = i.Meta,
                Locality = Locality(i.Meta),
            }).ToList(),
        });
        var result = SnapshotCompiler.Compile(new RuleSet(resources), CatalogSnapshot.From(services, trustDomain, catalog.Index), "pending", time);
        return result.Snapshots;
    }

    // Locality is region/zone/subzone from the node's mesh-* meta, as RULES.md describes.
    private static string Locality(IReadOnlyDictionary<string, string> meta)
    {
        var parts = LocalityKeys
            .Select(k => meta.TryGetValue(k, out var v) ? v : "")
            .ToArray();
        return parts[0].Length == 0 ? "" : string.Join('/', parts).TrimEnd('/');
    }
}
