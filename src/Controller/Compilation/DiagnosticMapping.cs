using Mesh.ControllerApi;
using Mesh.Hcl.Diagnostics;

namespace Mesh.Controller.Compilation;

/// <summary>Turns the rule library's diagnostics into the API's wire form.</summary>
internal static class DiagnosticMapping
{
    public static DiagnosticDto ToDto(Diagnostic d) => new(
        d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        d.Summary,
        string.IsNullOrEmpty(d.Detail) ? null : d.Detail,
        string.IsNullOrEmpty(d.Code) ? null : d.Code,
        string.IsNullOrEmpty(d.Suggestion) ? null : d.Suggestion,
        d.Subject is { } r ? new RangeDto(r.Filename, Position(r.Start), Position(r.End)) : null);

    private static PositionDto Position(SourcePos p) => new(p.Line, p.Column, p.Byte);
}
