using Mesh.Controller.Configuration;

namespace Mesh.Controller.Compilation;

/// <summary>The production evaluator and compiler, both from the rule library (Mesh.Rules).</summary>
public static class RuleEngine
{
    /// <summary>Validates bundles with the same code as <c>meshctl validate</c>.</summary>
    public static IBundleEvaluator Evaluator() => new RuleBundleEvaluator();

    /// <summary>Compiles desired rules and the catalog into snapshots.</summary>
    public static ISnapshotCompiler Compiler(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RuleSnapshotCompiler(options.TrustDomain, options.TimeProvider);
    }
}
