using System.Text.Json;
using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Tests;

public sealed class DiagnosticRenderingTests
{
    private static SourceRange Range(int line, int startColumn, int endColumn, int startByte = 0, int endByte = 0)
        => new("main.hcl", new SourcePos(line, startColumn, startByte), new SourcePos(line, endColumn, endByte));

    private static DiagnosticTextRenderer Renderer(string source, int width = 78, bool color = false)
        => new(name => name == "main.hcl" ? source : null, width, color);

    [Fact]
    public void Render_Error_ShowsSummaryLocationSourceLineAndMarker()
    {
        const string Source = "service \"web\" {\n  prot = 80\n}\n";
        var diagnostic = Diagnostic.Error("Unsupported argument", "An argument named \"prot\" is not expected here.", Range(2, 3, 7));

        var text = Renderer(Source).Render(diagnostic);

        Assert.Equal(
            "Error: Unsupported argument\n\n" +
            "  on main.hcl line 2:\n" +
            "   2:   prot = 80\n" +
            "        ^^^^\n\n" +
            "An argument named \"prot\" is not expected here.\n\n",
            text);
    }

    [Fact]
    public void Render_MultibyteCharactersBeforeSubject_MarkerUnderSubjectColumns()
    {
        // Columns are grapheme clusters: "é" (two UTF-16 units when decomposed) is one column, "名" takes two cells.
        const string Source = "a = \"e\u0301名\" + nope\n";
        var diagnostic = Diagnostic.Error("Unknown variable", "", Range(1, 12, 16));

        var lines = Renderer(Source).Render(diagnostic).Split('\n');

        Assert.Equal("   1: a = \"e\u0301名\" + nope", lines[3]);
        Assert.Equal("      " + new string(' ', 12) + "^^^^", lines[4]);
    }

    [Fact]
    public void Render_TabsBeforeSubject_KeptInSourceAndMarkerLines()
    {
        const string Source = "x {\n\tport = \"80\"\n}\n";
        var diagnostic = Diagnostic.Error("Incorrect attribute value type", "", Range(2, 9, 13));

        var lines = Renderer(Source).Render(diagnostic).Split('\n');

        Assert.Equal("   2: \tport = \"80\"", lines[3]);
        Assert.Equal("      \t       ^^^^", lines[4]);
    }

    [Fact]
    public void Render_MultiLineContext_ShowsAtMostThreeLinesAroundSubject()
    {
        const string Source = "block {\n  a = 1\n  b = oops\n  c = 3\n  d = 4\n}\n";
        var context = new SourceRange("main.hcl", new SourcePos(1, 1, 0), new SourcePos(6, 2, 0));
        var diagnostic = Diagnostic.Error("Bad value", "", Range(3, 7, 11), context);

        var text = Renderer(Source).Render(diagnostic);

        Assert.Contains("   2:   a = 1\n   3:   b = oops\n            ^^^^\n   4:   c = 3\n\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("block {", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WarningWithCodeAndSuggestion_PrintsBoth()
    {
        var diagnostic = Diagnostic.Warning("Deprecated attribute", "The attribute \"ttl\" is deprecated.", null) with
        {
            Code = "MESH0101",
            Suggestion = "Use \"timeout\" instead.",
        };

        var text = Renderer("").Render(diagnostic);

        Assert.Equal(
            "Warning: Deprecated attribute [MESH0101]\n\nThe attribute \"ttl\" is deprecated.\n\nSuggestion: Use \"timeout\" instead.\n\n",
            text);
    }

    [Fact]
    public void Render_LongDetail_WrappedAtWidth()
    {
        var detail = string.Join(' ', Enumerable.Repeat("word", 30));
        var diagnostic = Diagnostic.Error("Summary", detail, null);

        var text = Renderer("", width: 20).Render(diagnostic);

        var detailLines = text.Split('\n').Skip(2).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(detailLines.Count > 1);
        Assert.All(detailLines, l => Assert.True(l.Length <= 20, l));
        Assert.Equal(detail, string.Join(' ', detailLines));
    }

    [Fact]
    public void Render_SourceUnavailable_SaysSo()
    {
        var diagnostic = Diagnostic.Error("Broken", "", new SourceRange("other.hcl", new SourcePos(4, 1, 30), new SourcePos(4, 2, 31)));

        var text = Renderer("").Render(diagnostic);

        Assert.Contains("  on other.hcl line 4:\n  (source code not available)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Color_UsesAnsiRedForErrors()
    {
        var text = Renderer("", color: true).Render(Diagnostic.Error("Broken", "", null));

        Assert.StartsWith("\u001b[1m\u001b[31mError\u001b[0m", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", Renderer("").Render(Diagnostic.Error("Broken", "", null)), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Diagnostics_UsesHclDiagnosticFieldNames()
    {
        var diagnostics = new[]
        {
            Diagnostic.Error("Unsupported argument", "Not expected here.", Range(2, 3, 7, 18, 22)) with { Code = "MESH0101", Suggestion = "Remove it." },
            Diagnostic.Warning("No range", "", null),
        };

        using var json = JsonDocument.Parse(DiagnosticJsonRenderer.ToJson(diagnostics));

        var first = json.RootElement[0];
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("Unsupported argument", first.GetProperty("summary").GetString());
        Assert.Equal("Not expected here.", first.GetProperty("detail").GetString());
        Assert.Equal("MESH0101", first.GetProperty("code").GetString());
        Assert.Equal("Remove it.", first.GetProperty("suggestion").GetString());
        var range = first.GetProperty("range");
        Assert.Equal("main.hcl", range.GetProperty("filename").GetString());
        Assert.Equal(2, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(3, range.GetProperty("start").GetProperty("column").GetInt32());
        Assert.Equal(18, range.GetProperty("start").GetProperty("byte").GetInt32());
        Assert.Equal(7, range.GetProperty("end").GetProperty("column").GetInt32());
        Assert.Equal(22, range.GetProperty("end").GetProperty("byte").GetInt32());
        Assert.Equal("warning", json.RootElement[1].GetProperty("severity").GetString());
        Assert.False(json.RootElement[1].TryGetProperty("range", out _));
    }
}
