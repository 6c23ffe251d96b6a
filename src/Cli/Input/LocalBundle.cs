using Mesh.ControllerApi;
using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Loading;
using Mesh.Rules.Validation;

namespace Mesh.Cli.Input;

/// <summary>
/// Loads and validates a bundle on this machine with the same code the controller runs, so mistakes show up
/// before anything is sent (the controller still re-validates against what it stores).
/// </summary>
internal sealed class LocalBundle
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    private LocalBundle(RuleBundle bundle, IReadOnlyList<Diagnostic> diagnostics)
    {
        Bundle = bundle;
        Diagnostics = diagnostics;
    }

    public RuleBundle Bundle { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public string? SourceOf(string filename) => _sources.GetValueOrDefault(filename);

    public static LocalBundle Check(ApplyRequest request)
    {
        var bundle = RuleBundleLoader.Load(
            request.Files.Select(f => (f.Name, f.Content)).ToList(),
            request.VariableFiles.Select(f => (f.Name, f.Content)).ToList(),
            request.Variables);
        var diagnostics = new List<Diagnostic>(bundle.Diagnostics);
        if (!bundle.Diagnostics.HasErrors)
        {
            diagnostics.AddRange(RuleValidator.Validate(bundle.Rules));
        }

        var result = new LocalBundle(bundle, diagnostics);
        foreach (var file in request.Files.Concat(request.VariableFiles))
        {
            result._sources[file.Name] = file.Content;
        }

        return result;
    }
}
