using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Json;

namespace Mesh.Hcl.Tests;

public sealed class JsonSyntaxTests
{
    private static Diagnostic SingleError(string json)
    {
        var file = HclJsonParser.ParseFile(json, "bad.hcl.json");
        return Assert.Single(file.Diagnostics);
    }

    [Fact]
    public void ParseFile_MissingComma_ExactLineColumnAndByteAfterGraphemes()
    {
        // "é" is two UTF-8 bytes; the thumbs-up with a skin tone is one grapheme cluster of eight bytes.
        var d = SingleError("{\n  \"é👍🏽\": 1 \"b\": 2\n}");

        Assert.Equal("Invalid JSON object", d.Summary);
        Assert.Contains("comma", d.Detail, StringComparison.Ordinal);
        Assert.Equal(new SourceRange("bad.hcl.json", new SourcePos(2, 11, 20), new SourcePos(2, 14, 23)), d.Subject);
    }

    [Fact]
    public void ParseFile_SameTextAsBytes_SameRanges()
    {
        var text = "{\n  \"é👍🏽\": 1 \"b\": 2\n}";
        var fromText = HclJsonParser.ParseFile(text, "a.hcl.json");
        var fromBytes = HclJsonParser.ParseFile(Encoding.UTF8.GetBytes(text), "a.hcl.json");

        Assert.Equal(fromText.Diagnostics.Single().Subject, fromBytes.Diagnostics.Single().Subject);
    }

    [Fact]
    public void ParseFile_UnclosedObject_PointsAtEndAndOpeningBrace()
    {
        var d = SingleError("{\"a\": 1");

        Assert.Equal("Invalid JSON object", d.Summary);
        Assert.Contains("No closing brace", d.Detail, StringComparison.Ordinal);
        Assert.Equal(new SourcePos(1, 8, 7), d.Subject!.Value.Start);
        Assert.Equal(new SourcePos(1, 1, 0), d.Context!.Value.Start);
    }

    [Theory]
    [InlineData("{\"a\": True}", "Invalid JSON keyword", "Did you mean \"true\"?")]
    [InlineData("{\"a\": NaN}", "Invalid JSON keyword", "JavaScript identifier")]
    [InlineData("{\"a\": 1,}", "Invalid JSON object", "trailing comma")]
    [InlineData("{\"a\" = 1}", "Invalid JSON object", "not an equals sign")]
    [InlineData("{\"a\": [1, 2,]}", "Invalid JSON array", "trailing comma")]
    [InlineData("{\"a\": [1, 2}", "Invalid JSON array", "not a brace")]
    [InlineData("{\"a\": 01}", "Invalid JSON number", "\"01\"")]
    [InlineData("{\"a\": 1.}", "Invalid JSON number", "\"1.\"")]
    [InlineData("{\"a\": \"x\\q\"}", "Invalid JSON string", "escape")]
    [InlineData("{\"a\": \"open}", "Invalid JSON string", "closing quote")]
    [InlineData("{a: 1}", "Invalid JSON keyword", "double quotes")]
    [InlineData("{\"a\": 1} {}", "Invalid JSON document", "after the JSON value")]
    [InlineData("", "Invalid JSON document", "empty")]
    [InlineData("{\"a\": @}", "Invalid JSON character", "\"@\"")]
    [InlineData("\"text\"", "Root value must be object", "JSON object")]
    public void ParseFile_SyntaxError_OneClearDiagnostic(string json, string summary, string detailPart)
    {
        var d = SingleError(json);

        Assert.Equal(summary, d.Summary);
        Assert.Contains(detailPart, d.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(d.Subject);
    }

    [Fact]
    public void ParseFile_Nesting100_Accepted_101_Rejected()
    {
        static string Nested(int arrays) => "{\"a\": " + new string('[', arrays) + new string(']', arrays) + "}";

        Assert.Empty(HclJsonParser.ParseFile(Nested(99), "ok.hcl.json").Diagnostics);
        var d = SingleError(Nested(100));
        Assert.Equal("Invalid JSON nesting", d.Summary);
        Assert.Equal(new SourcePos(1, 106, 105), d.Subject!.Value.Start);
    }

    [Fact]
    public void ParseFile_DeepNestingAttack_NoStackOverflow()
    {
        var file = HclJsonParser.ParseFile(new string('[', 200_000), "deep.hcl.json");

        Assert.Contains(file.Diagnostics, d => d.Summary == "Invalid JSON nesting");
    }

    [Fact]
    public void ParseFile_InvalidUtf8_EncodingError()
    {
        byte[] bytes = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        var file = HclJsonParser.ParseFile(bytes, "enc.hcl.json");

        var d = Assert.Single(file.Diagnostics);
        Assert.Equal("Invalid character encoding", d.Summary);
        Assert.Equal(2, d.Subject!.Value.Start.Byte);
    }

    [Fact]
    public void ParseFile_TooLarge_Rejected()
    {
        var file = HclJsonParser.ParseFile(new byte[HclParser.MaxSourceBytes + 1], "huge.hcl.json");

        Assert.Equal("File too large", Assert.Single(file.Diagnostics).Summary);
    }

    [Fact]
    public void ParseFile_AfterSyntaxError_BodyKeepsWhatWasParsed()
    {
        var file = HclJsonParser.ParseFile("{\"a\": 1, \"b\" 2}", "partial.hcl.json");
        var diagnostics = new DiagnosticBag();

        var attributes = file.Body.JustAttributes(diagnostics);

        Assert.Single(file.Diagnostics);
        Assert.Equal(["a"], attributes.Keys);
    }

    [Theory]
    [InlineData("{\"a\": [")]
    [InlineData("[[[[{")]
    [InlineData("{\"\\u")]
    [InlineData("{\"a\":-}")]
    [InlineData("}")]
    [InlineData("\u0001")]
    [InlineData("{\"a\": \"\\ud800\"}")]
    public void ParseFile_Garbage_DiagnosticsNotExceptions(string json)
    {
        var file = HclJsonParser.ParseFile(json, "g.hcl.json");
        var diagnostics = new DiagnosticBag();
        foreach (var attribute in file.Body.JustAttributes(diagnostics).Values)
        {
            attribute.Expression.Evaluate(Expressions.EvalContext.Empty, diagnostics);
        }

        Assert.True(file.Diagnostics.Count + diagnostics.Count > 0 || json.Contains("ud800", StringComparison.Ordinal));
    }
}
