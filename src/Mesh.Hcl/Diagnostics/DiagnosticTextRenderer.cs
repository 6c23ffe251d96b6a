using System.Globalization;
using System.Text;

namespace Mesh.Hcl.Diagnostics;

/// <summary>
/// Renders diagnostics for a terminal the way HashiCorp's tools do: a severity and summary line, the file and line,
/// the source line(s) with a <c>^^^</c> marker under the subject, then the word-wrapped detail and any suggestion.
/// </summary>
public sealed class DiagnosticTextRenderer
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const int MaxSnippetLines = 3;

    private readonly Func<string, string?> _sourceForFile;

    /// <summary>Creates a renderer.</summary>
    /// <param name="sourceForFile">Returns the text of a file by the name diagnostics use for it, or null when unavailable.</param>
    /// <param name="width">The column at which details are word-wrapped; 0 or less turns wrapping off.</param>
    /// <param name="color">Whether to use ANSI colours and bold text.</param>
    public DiagnosticTextRenderer(Func<string, string?> sourceForFile, int width = 78, bool color = false)
    {
        ArgumentNullException.ThrowIfNull(sourceForFile);
        _sourceForFile = sourceForFile;
        Width = width;
        Color = color;
    }

    /// <summary>The column at which details are word-wrapped (0 or less: no wrapping).</summary>
    public int Width { get; }

    /// <summary>Whether ANSI colours are used.</summary>
    public bool Color { get; }

    /// <summary>Renders several diagnostics, one after another.</summary>
    public string Render(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var diagnostic in diagnostics)
        {
            Write(diagnostic, writer);
        }

        return writer.ToString();
    }

    /// <summary>Renders one diagnostic.</summary>
    public string Render(Diagnostic diagnostic) => Render([diagnostic]);

    /// <summary>Writes one diagnostic to <paramref name="writer"/>.</summary>
    public void Write(Diagnostic diagnostic, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(writer);
        var error = diagnostic.Severity == DiagnosticSeverity.Error;
        var tone = error ? Red : Yellow;
        writer.Write(Paint(Bold + tone, error ? "Error" : "Warning"));
        writer.Write(Paint(Bold, ": " + diagnostic.Summary));
        if (diagnostic.Code.Length > 0)
        {
            writer.Write(" [" + diagnostic.Code + "]");
        }

        writer.Write("\n\n");
        if (diagnostic.Subject is { } subject)
        {
            WriteSnippet(writer, subject, diagnostic.Context, tone);
        }

        if (diagnostic.Detail.Length > 0)
        {
            writer.Write(TextWrap.Wrap(diagnostic.Detail, Width));
            writer.Write("\n\n");
        }

        if (diagnostic.Suggestion.Length > 0)
        {
            writer.Write(TextWrap.Wrap("Suggestion: " + diagnostic.Suggestion, Width));
            writer.Write("\n\n");
        }
    }

    private void WriteSnippet(TextWriter writer, SourceRange subject, SourceRange? context, string tone)
    {
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"  on {subject.Filename} line {subject.Start.Line}:\n"));
        var source = _sourceForFile(subject.Filename);
        if (source is null)
        {
            writer.Write("  (source code not available)\n\n");
            return;
        }

        var lines = source.Split('\n');
        var (first, last) = SnippetLines(subject, context, lines.Length);
        for (var n = first; n <= last; n++)
        {
            var text = lines[n - 1].TrimEnd('\r');
            var gutter = n.ToString(CultureInfo.InvariantCulture).PadLeft(4) + ": ";
            writer.Write(gutter + text + "\n");
            if (n == subject.Start.Line)
            {
                var endColumn = subject.End.Line == n ? subject.End.Column : int.MaxValue;
                writer.Write(new string(' ', gutter.Length) + Paint(tone, Marker(text, subject.Start.Column, endColumn)) + "\n");
            }
        }

        writer.Write('\n');
    }

    // The lines to show: the subject's, widened to the context's, at most MaxSnippetLines of them around the subject.
    private static (int First, int Last) SnippetLines(SourceRange subject, SourceRange? context, int lineCount)
    {
        var line = Math.Clamp(subject.Start.Line, 1, lineCount);
        var first = line;
        var last = LastLine(subject);
        if (context is { } c && c.Filename == subject.Filename)
        {
            first = Math.Min(first, c.Start.Line);
            last = Math.Max(last, LastLine(c));
        }

        first = Math.Max(first, 1);
        last = Math.Clamp(last, line, lineCount);
        if (last - first + 1 > MaxSnippetLines)
        {
            var lo = first;
            first = Math.Max(lo, line - 1);
            last = Math.Min(last, first + MaxSnippetLines - 1);
            first = Math.Max(lo, last - MaxSnippetLines + 1);
        }

        return (first, last);
    }

    // A range ending at the start of a line does not really cover that line.
    private static int LastLine(SourceRange range)
        => range.End.Line > range.Start.Line && range.End.Column == 1 ? range.End.Line - 1 : range.End.Line;

    // Spaces (and the line's own tabs) up to the subject's start column, then one caret per display cell it covers.
    private static string Marker(string text, int startColumn, int endColumn)
    {
        var sb = new StringBuilder();
        var carets = 0;
        var column = 1;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext() && column < endColumn)
        {
            var element = elements.GetTextElement();
            if (column < startColumn)
            {
                sb.Append(element == "\t" ? "\t" : new string(' ', DisplayWidth(element)));
            }
            else
            {
                carets += element == "\t" ? 1 : DisplayWidth(element);
            }

            column++;
        }

        sb.Append(' ', Math.Max(0, startColumn - column));
        return sb.Append('^', Math.Max(1, carets)).ToString();
    }

    // East Asian wide and fullwidth characters and most emoji take two terminal cells.
    private static int DisplayWidth(string element)
    {
        var rune = Rune.GetRuneAt(element, 0).Value;
        var wide = rune is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6)
            or (>= 0x1F300 and <= 0x1F64F) or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private string Paint(string style, string text) => Color ? style + text + Reset : text;
}
