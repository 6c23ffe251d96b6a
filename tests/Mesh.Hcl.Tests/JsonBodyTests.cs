using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Json;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests;

public sealed class JsonBodyTests
{
    private static readonly BodySchema ServiceSchema = new(
        [new AttributeSchema("name", Required: true), new AttributeSchema("port")],
        [new BlockHeaderSchema("listener"), new BlockHeaderSchema("route", ["from", "to"]), new BlockHeaderSchema("upstream", ["name"])]);

    private static HclFile Parse(string json)
    {
        var file = HclJsonParser.ParseFile(json, "rules.hcl.json");
        Assert.Empty(file.Diagnostics);
        return file;
    }

    private static HclValue Eval(HclAttribute attribute)
    {
        var diagnostics = new DiagnosticBag();
        var value = attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);
        Assert.Empty(diagnostics);
        return value;
    }

    [Fact]
    public void Content_Attributes_DecodedByName()
    {
        var file = Parse("""{"name": "web", "port": 8080}""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal("web", Eval(content.Attributes["name"]).AsString);
        Assert.Equal(HclNumber.From(8080), Eval(content.Attributes["port"]).AsNumber);
        Assert.Equal(new SourcePos(1, 2, 1), content.Attributes["name"].NameRange.Start);
        Assert.Equal(new SourcePos(1, 15, 14), content.Attributes["name"].Range.End);
    }

    [Fact]
    public void Content_BlockWithoutLabels_OneBlock()
    {
        var file = Parse("""{"name": "a", "listener": {"port": 80}}""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        var block = Assert.Single(content.Blocks);
        Assert.Equal("listener", block.Type);
        Assert.Empty(block.Labels);
        var inner = block.Body.JustAttributes(diagnostics);
        Assert.Equal(HclNumber.From(80), Eval(inner["port"]).AsNumber);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Content_BlockWithOneLabel_EachPropertyIsABlockInOrder()
    {
        var file = Parse("""{"name": "a", "upstream": {"web": {"port": 1}, "api": {"port": 2}}}""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(["web", "api"], content.Blocks.Select(b => b.Labels.Single()));
        Assert.Equal(new SourcePos(1, 28, 27), content.Blocks[0].LabelRanges[0].Start);
        Assert.Equal(new SourcePos(1, 15, 14), content.Blocks[0].TypeRange.Start);
    }

    [Fact]
    public void Content_BlockWithTwoLabels_NestedObjectLevels()
    {
        var file = Parse("""{"name": "a", "route": {"edge": {"web": {"weight": 3}, "api": {}}, "web": {"db": {}}}}""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(["edge/web", "edge/api", "web/db"], content.Blocks.Select(b => string.Join('/', b.Labels)));
        Assert.Equal(2, content.Blocks[0].LabelRanges.Count);
    }

    [Fact]
    public void Content_BlockArrayAndRepeatedProperty_OneBlockPerObject()
    {
        var file = Parse("""
            {
              "name": "a",
              "listener": [{"port": 80}, {"port": 443}],
              "upstream": {"web": [{"port": 1}, {"port": 2}]},
              "listener": {"port": 8080}
            }
            """);
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        Assert.Empty(diagnostics);
        var ports = content.Blocks.Where(b => b.Type == "listener")
            .Select(b => Eval(b.Body.JustAttributes(diagnostics)["port"]).AsNumber.ToString());
        Assert.Equal(["80", "443", "8080"], ports);
        Assert.Equal(2, content.Blocks.Count(b => b.Type == "upstream" && b.Labels[0] == "web"));
    }

    [Fact]
    public void Content_CommentProperty_Ignored()
    {
        var file = Parse("""{"//": "managed by ops", "name": "a", "listener": {"//": "inner note", "port": 1}}""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);
        var inner = content.Blocks[0].Body.Content(new BodySchema([new AttributeSchema("port")], []), diagnostics);

        Assert.Empty(diagnostics);
        Assert.Single(inner.Attributes);
    }

    [Fact]
    public void Content_DuplicateAttribute_ReportsBothPlaces()
    {
        var file = Parse("{\"name\": \"a\",\n \"name\": \"b\"}");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal("Duplicate argument", d.Summary);
        Assert.Contains("rules.hcl.json:1,2", d.Detail, StringComparison.Ordinal);
        Assert.Equal(new SourcePos(2, 2, 15), d.Subject!.Value.Start);
        Assert.Equal("a", Eval(content.Attributes["name"]).AsString);
    }

    [Fact]
    public void Content_UnknownProperty_UnsupportedArgumentWithSuggestion()
    {
        var file = Parse("""{"name": "a", "prot": 1}""");
        var diagnostics = new DiagnosticBag();

        file.Body.Content(ServiceSchema, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal("Unsupported argument", d.Summary);
        Assert.Contains("Did you mean \"port\"?", d.Detail, StringComparison.Ordinal);
        Assert.Equal(new SourcePos(1, 15, 14), d.Subject!.Value.Start);
    }

    [Fact]
    public void Content_MissingRequired_ReportedAtClosingBrace()
    {
        var file = Parse("{\n  \"port\": 1\n}");
        var diagnostics = new DiagnosticBag();

        file.Body.Content(ServiceSchema, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal("Missing required argument", d.Summary);
        Assert.Equal(new SourcePos(3, 1, 14), d.Subject!.Value.Start);
    }

    [Fact]
    public void PartialContent_Remain_HoldsOnlyUnclaimedProperties()
    {
        var file = Parse("""{"name": "a", "extra": 1, "listener": {}}""");
        var diagnostics = new DiagnosticBag();

        file.Body.PartialContent(ServiceSchema, diagnostics, out var remain);
        var rest = remain.JustAttributes(diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(["extra"], rest.Keys);
    }

    [Fact]
    public void Content_BlockGivenAString_IncorrectValueType()
    {
        var file = Parse("""{"name": "a", "listener": "port 80"}""");
        var diagnostics = new DiagnosticBag();

        file.Body.Content(ServiceSchema, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal("Incorrect JSON value type", d.Summary);
        Assert.Equal(new SourcePos(1, 27, 26), d.Subject!.Value.Start);
    }

    [Fact]
    public void Content_RootArrayOfObjects_PropertiesMerged()
    {
        var file = Parse("""[{"name": "a"}, {"listener": {}}]""");
        var diagnostics = new DiagnosticBag();

        var content = file.Body.Content(ServiceSchema, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Single(content.Attributes);
        Assert.Single(content.Blocks);
    }
}
