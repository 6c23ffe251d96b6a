namespace Mesh.Hcl.Diagnostics;

/// <summary>
/// A finding about source text: a one-line summary, an optional longer detail, and the range it is about,
/// shaped like HashiCorp's <c>hcl.Diagnostic</c>. Mesh-specific findings also carry a stable code and a suggested fix.
/// </summary>
public sealed record Diagnostic
{
    /// <summary>Error or warning.</summary>
    public required DiagnosticSeverity Severity { get; init; }

    /// <summary>A short sentence naming the problem, such as "Unsupported argument".</summary>
    public required string Summary { get; init; }

    /// <summary>A longer explanation, or empty.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The range the finding is about, when it has one.</summary>
    public SourceRange? Subject { get; init; }

    /// <summary>A wider range that gives context to <see cref="Subject"/> (for example a whole expression).</summary>
    public SourceRange? Context { get; init; }

    /// <summary>A stable code such as <c>MESH0101</c>; empty for language-level findings.</summary>
    public string Code { get; init; } = "";

    /// <summary>A suggested fix, or empty.</summary>
    public string Suggestion { get; init; } = "";

    /// <summary>Creates an error.</summary>
    public static Diagnostic Error(string summary, string detail, SourceRange? subject, SourceRange? context = null)
        => new() { Severity = DiagnosticSeverity.Error, Summary = summary, Detail = detail, Subject = subject, Context = context };

    /// <summary>Creates a warning.</summary>
    public static Diagnostic Warning(string summary, string detail, SourceRange? subject, SourceRange? context = null)
        => new() { Severity = DiagnosticSeverity.Warning, Summary = summary, Detail = detail, Subject = subject, Context = context };

    /// <inheritdoc />
    public override string ToString()
    {
        var where = Subject is { } s ? s + ": " : "";
        var detail = Detail.Length > 0 ? "; " + Detail : "";
        return $"{where}{Summary}{detail}";
    }
}
