using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Collects validation findings.</summary>
internal sealed class Findings
{
    public List<Diagnostic> Items { get; } = [];

    public void Error(string code, string summary, string detail, SourceRange? subject, string suggestion)
        => Add(DiagnosticSeverity.Error, code, summary, detail, subject, suggestion);

    public void Warning(string code, string summary, string detail, SourceRange? subject, string suggestion)
        => Add(DiagnosticSeverity.Warning, code, summary, detail, subject, suggestion);

    /// <summary>How a resource is named in messages: <c>virtual_service "reviews"</c>.</summary>
    public static string Describe(Resource r) => $"{r.Kind} \"{r.Name}\"";

    /// <summary>The range of an attribute of a structure, falling back to the structure, then the resource.</summary>
    public static SourceRange At(Resource r, RangeMap ranges, string attribute) => ranges.For(attribute) ?? r.Ranges.For(attribute) ?? r.DeclRange;

    /// <summary>The range of a structure's label, falling back to its block.</summary>
    public static SourceRange LabelOf(Resource r, RangeMap ranges) => ranges.Get(RangeMap.Label) ?? ranges.BlockRange ?? r.DeclRange;

    private void Add(DiagnosticSeverity severity, string code, string summary, string detail, SourceRange? subject, string suggestion)
        => Items.Add(new Diagnostic { Severity = severity, Code = code, Summary = summary, Detail = detail, Subject = subject, Suggestion = suggestion });
}
