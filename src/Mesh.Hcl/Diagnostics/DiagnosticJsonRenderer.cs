using System.Text;
using System.Text.Json;

namespace Mesh.Hcl.Diagnostics;

/// <summary>
/// Writes diagnostics as JSON with the field names of HashiCorp's <c>hcl.Diagnostic</c> as <c>terraform validate -json</c>
/// prints them (<c>severity</c>, <c>summary</c>, <c>detail</c>, <c>range</c> with <c>filename</c>, <c>start</c>,
/// <c>end</c> and <c>line</c>/<c>column</c>/<c>byte</c>), plus the mesh's <c>code</c> and <c>suggestion</c>.
/// </summary>
public static class DiagnosticJsonRenderer
{
    /// <summary>Writes an array with one object per diagnostic.</summary>
    public static void Write(IEnumerable<Diagnostic> diagnostics, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var diagnostic in diagnostics)
        {
            Write(diagnostic, writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one diagnostic as an object.</summary>
    public static void Write(Diagnostic diagnostic, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("severity", diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning");
        writer.WriteString("summary", diagnostic.Summary);
        writer.WriteString("detail", diagnostic.Detail);
        writer.WriteString("code", diagnostic.Code);
        writer.WriteString("suggestion", diagnostic.Suggestion);

        if (diagnostic.Subject is { } subject)
        {
            writer.WritePropertyName("range");
            WriteRange(subject, writer);
        }

        if (diagnostic.Context is { } context)
        {
            writer.WritePropertyName("context");
            WriteRange(context, writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Returns the diagnostics as a JSON array.</summary>
    /// <param name="diagnostics">The diagnostics to write.</param>
    /// <param name="indented">Whether to indent the JSON for people to read.</param>
    public static string ToJson(IEnumerable<Diagnostic> diagnostics, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(diagnostics, writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteRange(SourceRange range, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("filename", range.Filename);
        writer.WritePropertyName("start");
        WritePos(range.Start, writer);
        writer.WritePropertyName("end");
        WritePos(range.End, writer);
        writer.WriteEndObject();
    }

    private static void WritePos(SourcePos pos, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("line", pos.Line);
        writer.WriteNumber("column", pos.Column);
        writer.WriteNumber("byte", pos.Byte);
        writer.WriteEndObject();
    }
}
