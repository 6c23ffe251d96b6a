using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Json;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests;

public sealed class JsonExpressionTests
{
    private static HclAttribute Attribute(string json, string name)
    {
        var file = HclJsonParser.ParseFile(json, "expr.hcl.json");
        Assert.Empty(file.Diagnostics);
        var diagnostics = new DiagnosticBag();
        var attributes = file.Body.JustAttributes(diagnostics);
        Assert.Empty(diagnostics);
        return attributes[name];
    }

    private static HclValue Eval(HclAttribute attribute, EvalContext? context = null)
    {
        var diagnostics = new DiagnosticBag();
        var value = attribute.Expression.Evaluate(context ?? EvalContext.Empty, diagnostics);
        Assert.Empty(diagnostics);
        return value;
    }

    [Fact]
    public void Evaluate_TemplateWithVariable_Interpolated()
    {
        var attribute = Attribute("""{"greeting": "Hello, ${name}!"}""", "greeting");
        var context = new EvalContext().WithVariable("name", HclValue.String("Ann"));

        Assert.Equal("Hello, Ann!", Eval(attribute, context).AsString);
    }

    [Fact]
    public void Variables_TemplateTraversal_ExactSourceRange()
    {
        var attribute = Attribute("""{"greeting": "Hello, ${user.name}!"}""", "greeting");

        var traversal = Assert.Single(attribute.Expression.Variables());

        Assert.Equal("user.name", traversal.ToString());
        Assert.Equal(new SourcePos(1, 24, 23), traversal.Range.Start);
        Assert.Equal(new SourcePos(1, 33, 32), traversal.Range.End);
    }

    [Fact]
    public void Evaluate_NestedTemplatesInArraysAndObjectKeys_AllInterpolated()
    {
        var attribute = Attribute("""{"m": {"${k}": ["${v}", 2, true, null]}}""", "m");
        var context = new EvalContext().WithVariable("k", HclValue.String("key")).WithVariable("v", HclValue.String("val"));

        var value = Eval(attribute, context);

        Assert.Equal(HclValueKind.Object, value.Kind);
        var tuple = value.Attributes["key"];
        Assert.Equal(HclValueKind.Tuple, tuple.Kind);
        Assert.Equal(4, tuple.Length);
        Assert.Equal(HclValue.String("val"), tuple.Elements[0]);
        Assert.Equal(HclValue.Number(2), tuple.Elements[1]);
        Assert.Equal(HclValue.True, tuple.Elements[2]);
        Assert.True(tuple.Elements[3].IsNull);
        Assert.Equal(["k", "v"], attribute.Expression.Variables().Select(t => t.RootName));
    }

    [Theory]
    [InlineData("1234567890123456789012345678901234567890")]
    [InlineData("-12345678901234567890.12345678901234567891")]
    [InlineData("0.1")]
    public void Evaluate_Number_ExactDecimal(string number)
    {
        var attribute = Attribute("{\"n\": " + number + "}", "n");

        Assert.Equal(number, Eval(attribute).AsNumber.ToString());
    }

    [Fact]
    public void Evaluate_NumberWithExponent_Exact()
    {
        var attribute = Attribute("""{"n": 25e-1}""", "n");

        Assert.Equal("2.5", Eval(attribute).AsNumber.ToString());
    }

    [Fact]
    public void Evaluate_Escapes_Decoded()
    {
        var attribute = Attribute("""{"s": "tab\there \"q\" \u00e9 \ud83d\ude00 \/"}""", "s");

        Assert.Equal("tab\there \"q\" é 😀 /", Eval(attribute).AsString);
    }

    [Fact]
    public void Evaluate_EscapedStringWithTemplate_StillInterpolates()
    {
        var attribute = Attribute("""{"s": "\t${x}"}""", "s");
        var context = new EvalContext().WithVariable("x", HclValue.Number(7));

        Assert.Equal("\t7", Eval(attribute, context).AsString);
        Assert.Equal("x", Assert.Single(attribute.Expression.Variables()).RootName);
    }

    [Fact]
    public void Evaluate_TemplateEscape_LiteralDollarBrace()
    {
        var attribute = Attribute("""{"s": "$${not_a_var}"}""", "s");

        Assert.Equal("${not_a_var}", Eval(attribute).AsString);
        Assert.Empty(attribute.Expression.Variables());
    }

    [Fact]
    public void Evaluate_UnknownVariable_ErrorInsideString()
    {
        var attribute = Attribute("""{"s": "a${missing}"}""", "s");
        var diagnostics = new DiagnosticBag();

        attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal(1, d.Subject!.Value.Start.Line);
        Assert.Equal(11, d.Subject.Value.Start.Column);
        Assert.Equal(10, d.Subject.Value.Start.Byte);
    }

    [Fact]
    public void Evaluate_DuplicateObjectKey_Error()
    {
        var attribute = Attribute("""{"o": {"a": 1, "a": 2}}""", "o");
        var diagnostics = new DiagnosticBag();

        attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);

        Assert.Equal("Duplicate object attribute", Assert.Single(diagnostics).Summary);
    }

    [Fact]
    public void AsKeyword_AnyJsonValue_Null()
    {
        var attribute = Attribute("""{"lb": "round_robin"}""", "lb");

        Assert.Null(attribute.Expression.AsKeyword());
        Assert.Equal(new SourcePos(1, 8, 7), attribute.Expression.Range.Start);
    }
}
