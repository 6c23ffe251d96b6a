using Mesh.Rules.Loading;

namespace Mesh.Rules.Tests;

internal static class TestFiles
{
    public static string FullExample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FullExample.hcl"));

    public static RuleBundle Load(string text, string name = "rules.hcl")
        => RuleBundleLoader.Load([(name, text)], [], new Dictionary<string, string>());

    public static string Dump(RuleBundle bundle) => string.Join("\n", bundle.Diagnostics.Select(d => $"{d.Code} {d}"));
}
