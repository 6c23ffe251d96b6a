using Mesh.Agent.Tests.Integration;
using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Compilation;
using Mesh.Rules.Loading;
using Mesh.Rules.Validation;
using Mesh.Snapshots;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>Loads, validates and compiles HCL rules as the controller does, and writes the snapshots to the test catalog.</summary>
internal static class CompiledRules
{
    public static IReadOnlyList<Diagnostic> Validate(string hcl)
    {
        var bundle = RuleBundleLoader.Load(("rules.hcl", hcl));
        return [.. bundle.Diagnostics, .. RuleValidator.Validate(bundle.Rules)];
    }

    public static IReadOnlyList<ProxySnapshot> Compile(string hcl)
    {
        var bundle = RuleBundleLoader.Load(("rules.hcl", hcl));
        var errors = bundle.Diagnostics.Concat(RuleValidator.Validate(bundle.Rules)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Summary + ": " + e.Detail)));
        return SnapshotCompiler.Compile(bundle.Rules, CatalogSnapshot.Empty, "1", TimeProvider.System).Snapshots;
    }

    public static async Task<IReadOnlyList<ProxySnapshot>> ApplyAsync(MeshTestEnvironment env, string hcl)
    {
        var snapshots = Compile(hcl);
        foreach (var snapshot in snapshots)
        {
            await env.WriteSnapshotAsync(snapshot);
        }

        return snapshots;
    }
}
