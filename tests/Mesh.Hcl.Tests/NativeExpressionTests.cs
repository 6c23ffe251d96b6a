using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Functions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests;

/// <summary>
/// Table-driven expression cases in the spirit of HashiCorp's hclsyntax expression and template tests:
/// each source evaluates to the value written in HCL on the right.
/// </summary>
public sealed class NativeExpressionTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // literals and operators, with the spec's precedence
        { "1 + 2 * 3", "7" },
        { "(1 + 2) * 3", "9" },
        { "10 - 2 - 3", "5" },
        { "2 * 3 % 4", "2" },
        { "-2 * -3", "6" },
        { "!true || true", "true" },
        { "1 < 2 && 2 < 3", "true" },
        { "1 == 1 != false", "true" },
        { "0.1 + 0.2", "0.3" },
        { "1e3 + 1", "1001" },
        { "123456789012345678901234567890 + 1", "123456789012345678901234567891" },
        { "\"5\" + 1", "6" },
        { "true ? 1 : 2", "1" },
        { "false ? \"a\" : 1", "\"1\"" },
        { "null == null", "true" },
        { "[1, 2] == [1, 2]", "true" },
        { "{a = 1} == {a = 1}", "true" },

        // strings and templates
        { "\"a\\tb\\n\\\"c\\\"\\\\\"", "\"a\\tb\\n\\\"c\\\"\\\\\"" },
        { "\"\\u00e9\\U0001F600\"", "\"é😀\"" },
        { "\"$${x} %%{y}\"", "\"$${x} %%{y}\"" },
        { "\"${1 + 1} items\"", "\"2 items\"" },
        { "\"${true}\"", "true" },
        { "\"x ${ \"in\" } y\"", "\"x in y\"" },
        { "\"a  ${~ \"b\" ~}  c\"", "\"abc\"" },
        { "\"%{ if true }yes%{ else }no%{ endif }\"", "\"yes\"" },
        { "\"%{ if false }yes%{ else }no%{ endif }\"", "\"no\"" },
        { "\"%{ for x in [1, 2, 3] }${x},%{ endfor }\"", "\"1,2,3,\"" },
        { "\"%{ for k, v in {a = 1, b = 2} }${k}=${v};%{ endfor }\"", "\"a=1;b=2;\"" },
        { "<<EOT\nhello\n  world\nEOT\n", "\"hello\\n  world\\n\"" },
        { "<<-EOT\n    hello\n      world\n    EOT\n", "\"hello\\n  world\\n\"" },
        { "<<EOT\n${\"x\"}y\nEOT\n", "\"xy\\n\"" },

        // collections, traversals, splats
        { "[1, 2, 3][1]", "2" },
        { "{a = {b = [10, 20]}}.a.b[1]", "20" },
        { "{a = 1}[\"a\"]", "1" },
        { "[1, 2, 3].1", "2" },
        { "[{a = 1}, {a = 2}][*].a", "[1, 2]" },
        { "[{a = 1}, {a = 2}].*.a", "[1, 2]" },
        { "[{a = [1]}, {a = [2]}][*].a[0]", "[1, 2]" },
        { "null[*]", "[]" },
        { "{a = 1}[*].a", "[1]" },
        { "{ \"quoted key\" = 1, (\"computed\") = 2, 3 = \"three\" }", "{ \"3\" = \"three\", computed = 2, \"quoted key\" = 1 }" },
        { "{\n  a = 1\n  b = 2,\n}", "{ a = 1, b = 2 }" },
        { "[\n  1,\n  2,\n]", "[1, 2]" },

        // for expressions
        { "[for x in [1, 2, 3] : x * 2]", "[2, 4, 6]" },
        { "[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]", "[\"0a\", \"1b\"]" },
        { "[for x in [1, 2, 3, 4] : x if x % 2 == 0]", "[2, 4]" },
        { "{for k, v in {a = 1, b = 2} : v => k}", "{ \"1\" = \"a\", \"2\" = \"b\" }" },
        { "{for x in [\"a\", \"b\", \"a\"] : x => x...}", "{ a = [\"a\", \"a\"], b = [\"b\"] }" },

        // functions
        { "upper(\"abc\")", "\"ABC\"" },
        { "lower(\"ABC\")", "\"abc\"" },
        { "format(\"%s-%03d\", \"v\", 7)", "\"v-007\"" },
        { "join(\",\", [\"a\", \"b\"])", "\"a,b\"" },
        { "split(\",\", \"a,b\")", "[\"a\", \"b\"]" },
        { "concat([1], [2, 3])", "[1, 2, 3]" },
        { "merge({a = 1}, {b = 2}, {a = 3})", "{ a = 3, b = 2 }" },
        { "length(\"👩‍👩‍👧‍👦a\")", "2" },
        { "length([1, 2])", "2" },
        { "contains([\"a\"], \"a\")", "true" },
        { "coalesce(null, \"\", \"x\")", "\"x\"" },
        { "tostring(12)", "\"12\"" },
        { "tonumber(\"3.5\")", "3.5" },
        { "jsonencode({a = [1, \"x\", true, null]})", "\"{\\\"a\\\":[1,\\\"x\\\",true,null]}\"" },
        { "max([1, 5, 3]...)", "5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Source_ProducesExpectedValue(string source, string expected)
    {
        var actual = Evaluate(source);
        var wanted = Evaluate(expected);
        Assert.True(wanted.Equals(actual), $"{source}\n expected {wanted}\n      got {actual}");
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "1 + \"a\"", "Invalid operand" },
        { "1 / 0", "Operation failed" },
        { "!1", "Invalid operand" },
        { "nope", "Unknown variable" },
        { "nosuch(1)", "Call to unknown function" },
        { "upper()", "Not enough function arguments" },
        { "upper(\"a\", \"b\")", "Too many function arguments" },
        { "[1][5]", "Invalid index" },
        { "{a = 1}.b", "Unsupported attribute" },
        { "null.a", "Attempt to get attribute from null value" },
        { "\"x${[1]}\"", "Invalid template interpolation value" },
        { "\"${null}x\"", "Invalid template interpolation value" },
        { "[for x in 5 : x]", "Iteration over non-iterable value" },
        { "{for x in [\"a\", \"a\"] : x => 1}", "Duplicate object key" },
        { "1 ? 2 : 3", "Incorrect condition type" },
        { "upper(null)", "Invalid function argument" },
        { "format(\"%s\")", "Invalid function argument" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Evaluate_BadExpression_ReportsDiagnosticNotException(string source, string summary)
    {
        var diagnostics = new DiagnosticBag();
        var expression = HclParser.ParseExpression(source, "test.hcl", diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics));
        expression.Evaluate(Context(), diagnostics);
        Assert.Contains(diagnostics, d => d.Summary == summary && d.Subject is not null);
    }

    [Fact]
    public void Evaluate_UnknownVariable_SuggestsTheClosestName()
    {
        var diagnostics = new DiagnosticBag();
        var context = Context().WithVariable("weight", HclValue.Number(1));
        HclParser.ParseExpression("wieght", "t.hcl", diagnostics).Evaluate(context, diagnostics);
        Assert.Contains("Did you mean \"weight\"?", diagnostics.Single().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_ForExpression_ExcludesItsOwnSymbols()
    {
        var diagnostics = new DiagnosticBag();
        var expression = HclParser.ParseExpression("[for x in var.list : x + local.offset]", "t.hcl", diagnostics);
        var names = expression.Variables().Select(t => t.ToString()).ToList();
        Assert.Equal(["var.list", "local.offset"], names);
    }

    private static EvalContext Context() => new EvalContext().WithFunctions(StandardFunctions.All);

    private static HclValue Evaluate(string source)
    {
        var diagnostics = new DiagnosticBag();
        var expression = HclParser.ParseExpression(source, "test.hcl", diagnostics);
        var value = expression.Evaluate(Context(), diagnostics);
        Assert.False(diagnostics.HasErrors, source + ": " + string.Join("\n", diagnostics));
        return value;
    }
}
