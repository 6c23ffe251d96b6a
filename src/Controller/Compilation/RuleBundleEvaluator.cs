using Mesh.Controller.Storage;
using Mesh.ControllerApi;
using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Loading;
using Mesh.Rules.Model;
using Mesh.Rules.Serialization;
using Mesh.Rules.Validation;

namespace Mesh.Controller.Compilation;

/// <summary>
/// Evaluates a bundle with the rule library: the same loader and validator as <c>meshctl validate</c>, plus the
/// cross-resource checks against what is already stored (a bundle that does not prune keeps the stored resources it
/// does not mention, so references to them are valid).
/// </summary>
internal sealed class RuleBundleEvaluator : IBundleEvaluator
{
    public BundleEvaluation Evaluate(ApplyRequest request, IReadOnlyList<StoredResource> stored)
    {
        var bundle = RuleBundleLoader.Load(
            request.Files.Select(f => (f.Name, f.Content)).ToList(),
            request.VariableFiles.Select(f => (f.Name, f.Content)).ToList(),
            request.Variables);
        var diagnostics = new List<Diagnostic>(bundle.Diagnostics);
        if (!bundle.Diagnostics.HasErrors)
        {
            var desired = new List<Resource>(bundle.Rules.Resources);
            if (!request.Prune)
            {
                var named = new HashSet<(string, string)>(desired.Select(r => (r.Kind, r.Name)));
                foreach (var s in stored)
                {
                    if (!named.Contains((s.Kind, s.Name)) && TryDeserialize(s) is { } kept)
                    {
                        desired.Add(kept);
                    }
                }
            }

            diagnostics.AddRange(RuleValidator.Validate(new RuleSet(desired)));
        }

        var resources = bundle.Rules.Resources
            .Select(r => new DesiredResource(r.Kind, r.Name, ResourceJson.Serialize(r), ResourceHclWriter.Write(r)))
            .ToList();
        return new BundleEvaluation(resources, diagnostics.Select(DiagnosticMapping.ToDto).ToList());
    }

    private static Resource? TryDeserialize(StoredResource stored)
    {
        try
        {
            return ResourceJson.Deserialize(stored.Kind, stored.CanonicalJson);
        }
        catch (FormatException)
        {
            // A stored resource this version cannot read is left to the compiler's status report, not blamed on this apply.
            return null;
        }
    }
}
