using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Hcl.Tests;

/// <summary>Parser diagnostics and structure, after HashiCorp's hclsyntax parser tests: each bad input gives one clear error at the right place.</summary>
public sealed class NativeSyntaxTests
{
    public static TheoryData<string, string, int, int> BadInputs => new()
    {
        { "a = 1, b = 2\n", "Unexpected comma after argument", 1, 6 },
        { "a = 1 b = 2\n", "Missing newline after argument", 1, 7 },
        { "a = \n", "Invalid expression", 1, 5 },
        { "a = ", "Missing expression", 1, 5 },
        { "\"a\" = 1\n", "Invalid argument name", 1, 1 },
        { "a = 1\na = 2\n", "Attribute redefined", 2, 1 },
        { "block = {\n", "Missing expression", 2, 1 },
        { "b \"x\" = {}\n", "Invalid block definition", 1, 7 },
        { "b \"x\"\n{\n}\n", "Invalid block definition", 1, 6 },
        { "b {\n", "Unclosed configuration block", 1, 3 },
        { "b { c = 1, d = 2 }\n", "Invalid single-argument block definition", 1, 10 },
        { "b { c {} }\n", "Argument definition required", 1, 5 },
        { "a = [1 2]\n", "Missing item separator", 1, 8 },
        { "a = f(1 2)\n", "Missing argument separator", 1, 9 },
        { "a = (1 + 2\n", "Unbalanced parentheses", 2, 1 },
        { "a = {b = 1 c = 2}\n", "Missing attribute separator", 1, 12 },
        { "a = true ? 1\n", "Missing false expression in conditional", 1, 13 },
        { "a = \"abc\nd\"\n", "Invalid multi-line string", 1, 9 },
        { "a = 'x'\n", "Invalid character", 1, 5 },
        { "a = 1 ** 2\n", "Unsupported operator", 1, 7 },
        { "a = 1 & 2\n", "Unsupported operator", 1, 7 },
        { "a = 1;\n", "Invalid character", 1, 6 },
        { "a = \u201cx\u201d\n", "Invalid character", 1, 5 },
        { "a = \"\\q\"\n", "Invalid escape sequence", 1, 6 },
        { "a = [for x in y : x if]\n", "Invalid expression", 1, 23 },
        { "a = [for x y]\n", "Invalid 'for' expression", 1, 12 },
        { "a = \"%{ bogus }\"\n", "Invalid template directive", 1, 9 },
        { "a = \"%{ if true }x\"\n", "Unterminated template directive", 1, 6 },
        { "a = x.\n", "Invalid attribute name", 1, 7 },
        { "a = x[0\n", "Missing close bracket on index", 2, 1 },
        { "/* open\n", "Unterminated comment", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void ParseFile_BadInput_ReportsErrorAtPosition(string source, string summary, int line, int column)
    {
        var file = HclParser.ParseFile(source, "bad.hcl");
        var error = file.Diagnostics.First(d => d.Summary == summary);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("bad.hcl", error.Subject!.Value.Filename);
        Assert.Equal((line, column), (error.Subject.Value.Start.Line, error.Subject.Value.Start.Column));
    }

    [Fact]
    public void ParseFile_ColumnsCountGraphemeClustersAndBytesCountUtf8()
    {
        var file = HclParser.ParseFile("a = \"👩‍👩‍👧‍👦é\" 1\n", "t.hcl");
        var error = Assert.Single(file.Diagnostics);
        // The family emoji is one grapheme cluster of 25 bytes; "é" is one cluster of 2 bytes.
        Assert.Equal(new SourcePos(1, 10, 34), error.Subject!.Value.Start);
    }

    [Fact]
    public void ParseFile_Blocks_KeepLabelsAndRanges()
    {
        var file = HclParser.ParseFile("gateway \"public\" {\n  server {\n    port = 443\n  }\n}\nvirtual_service reviews {}\n", "r.hcl");
        Assert.Empty(file.Diagnostics);
        var content = file.Body.Content(new BodySchema([], [new BlockHeaderSchema("gateway", ["name"]), new BlockHeaderSchema("virtual_service", ["name"])]), new DiagnosticBag());
        Assert.Equal(["gateway", "virtual_service"], content.Blocks.Select(b => b.Type));
        Assert.Equal(["public"], content.Blocks[0].Labels);
        Assert.Equal(["reviews"], content.Blocks[1].Labels);
        Assert.Equal(new SourcePos(6, 1, 51), content.Blocks[1].TypeRange.Start);
        var server = content.Blocks[0].Body.Content(new BodySchema([], [new BlockHeaderSchema("server")]), new DiagnosticBag()).Blocks.Single();
        var port = server.Body.Content(new BodySchema([new AttributeSchema("port", Required: true)], []), new DiagnosticBag()).Attributes["port"];
        Assert.Equal((3, 5), (port.NameRange.Start.Line, port.NameRange.Start.Column));
    }

    [Fact]
    public void Content_UnknownArgument_SuggestsTheClosestName()
    {
        var file = HclParser.ParseFile("destnation = \"x\"\n", "r.hcl");
        var diagnostics = new DiagnosticBag();
        file.Body.Content(new BodySchema([new AttributeSchema("destination"), new AttributeSchema("subset")], []), diagnostics);
        var error = Assert.Single(diagnostics);
        Assert.Equal("Unsupported argument", error.Summary);
        Assert.Contains("Did you mean \"destination\"?", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_MissingRequiredArgument_PointsAtTheClosingBrace()
    {
        var file = HclParser.ParseFile("route {\n  subset = \"v1\"\n}\n", "r.hcl");
        var block = file.Body.Content(new BodySchema([], [new BlockHeaderSchema("route")]), new DiagnosticBag()).Blocks.Single();
        var diagnostics = new DiagnosticBag();
        block.Body.Content(new BodySchema([new AttributeSchema("destination", Required: true), new AttributeSchema("subset")], []), diagnostics);
        var error = Assert.Single(diagnostics);
        Assert.Equal("Missing required argument", error.Summary);
        Assert.Equal(3, error.Subject!.Value.Start.Line);
    }

    [Fact]
    public void ParseFile_NestingBeyondLimit_ReportsOneErrorInsteadOfOverflowing()
    {
        var deep = "a = " + new string('[', 5000) + new string(']', 5000) + "\n";
        var file = HclParser.ParseFile(deep, "deep.hcl");
        Assert.Contains(file.Diagnostics, d => d.Summary == "Nesting too deep");

        var blocks = string.Concat(Enumerable.Repeat("b {\n", 3000)) + string.Concat(Enumerable.Repeat("}\n", 3000));
        Assert.Contains(HclParser.ParseFile(blocks, "deep.hcl").Diagnostics, d => d.Summary == "Nesting too deep");
    }

    [Fact]
    public void ParseFile_TooLarge_IsRefusedWithAClearError()
    {
        var huge = new byte[HclParser.MaxSourceBytes + 1];
        huge.AsSpan().Fill((byte)'#');
        var file = HclParser.ParseFile(huge, "huge.hcl");
        Assert.Equal("File too large", Assert.Single(file.Diagnostics).Summary);
    }

    [Fact]
    public void ParseFile_InvalidUtf8_ReportsTheEncoding()
    {
        var file = HclParser.ParseFile([(byte)'a', (byte)' ', (byte)'=', (byte)' ', 0xC3, 0x28], "bad.hcl");
        Assert.Equal("Invalid character encoding", Assert.Single(file.Diagnostics).Summary);
    }
}
