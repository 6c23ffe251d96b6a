using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Loading;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Tests;

internal static class TestFiles
{
    public static string FullExample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FullExample.hcl"));

    public static RuleBundle Load(string text, string name = "rules.hcl")
        => RuleBundleLoader.Load([(name, text)], [], new Dictionary<string, string>());

    /// <summary>Loads <paramref name="text"/> and validates it: the loader's diagnostics, then the validator's.</summary>
    public static List<Diagnostic> Check(string text, ICatalogView? catalog = null)
    {
        var bundle = Load(text);
        var all = bundle.Diagnostics.ToList();
        all.AddRange(RuleValidator.Validate(bundle.Rules, catalog));
        return all;
    }

    public static string Dump(RuleBundle bundle) => string.Join("\n", bundle.Diagnostics.Select(d => $"{d.Code} {d}"));
}
