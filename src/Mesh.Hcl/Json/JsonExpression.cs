using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Json;

/// <summary>
/// A JSON value used as an HCL expression. Strings (including object keys) are templates, so <c>"${var.x}"</c>
/// interpolates; numbers keep arbitrary precision; arrays are tuples and objects are objects.
/// </summary>
/// <remarks>
/// Template positions: when a string has no escape sequences its decoded text is exactly the source between the
/// quotes, so the template is parsed with its origin at the first character inside the quotes and every position
/// in it is exact. When the string used escapes (<c>\n</c>, <c>\u00e9</c>, ...) decoded characters no longer map
/// 1:1 onto the source, so the origin is the string's opening quote and positions inside it are approximate.
/// </remarks>
internal sealed class JsonExpression : IExpression
{
    private readonly JsonNode _node;

    public JsonExpression(JsonNode node)
    {
        _node = node;
    }

    public SourceRange Range => _node.Range;

    public HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics) => Evaluate(_node, context, diagnostics);

    public IReadOnlyList<Traversal> Variables()
    {
        var found = new List<Traversal>();
        Collect(_node, found);
        return found;
    }

    public string? AsKeyword() => null;

    private static HclValue Evaluate(JsonNode node, EvalContext context, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case JsonStringNode s:
                return EvaluateString(s, context, diagnostics);
            case JsonNumberNode n:
                if (HclNumber.TryParse(n.Text, out var number))
                {
                    return HclValue.Number(number);
                }

                diagnostics.Error("Invalid JSON number", $"The number {n.Text} cannot be represented.", n.Range);
                return HclValue.Null;
            case JsonKeywordNode k:
                return k.Value;
            case JsonArrayNode a:
                var items = new List<HclValue>(a.Items.Count);
                foreach (var item in a.Items)
                {
                    items.Add(Evaluate(item, context, diagnostics));
                }

                return HclValue.Tuple(items);
            case JsonObjectNode o:
                return EvaluateObject(o, context, diagnostics);
            default:
                return HclValue.Null;
        }
    }

    private static HclValue EvaluateObject(JsonObjectNode o, EvalContext context, DiagnosticBag diagnostics)
    {
        var attributes = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        var definedAt = new Dictionary<string, SourceRange>(StringComparer.Ordinal);
        foreach (var property in o.Properties)
        {
            var key = EvaluateString(property.Key, context, diagnostics);
            if (key.IsNull)
            {
                diagnostics.Error("Invalid object key expression", "Cannot use null value as an object key.", property.NameRange);
                continue;
            }

            if (!Conversion.TryToString(key, out var name))
            {
                diagnostics.Error("Invalid object key expression", $"Cannot use a {key.KindName} value as an object key.", property.NameRange);
                continue;
            }

            if (definedAt.TryGetValue(name, out var existing))
            {
                diagnostics.Error("Duplicate object attribute",
                    $"An attribute named \"{name}\" was already defined at {existing.Filename}:{existing.Start.Line},{existing.Start.Column}.",
                    property.NameRange);
                continue;
            }

            definedAt[name] = property.NameRange;
            attributes[name] = Evaluate(property.Value, context, diagnostics);
        }

        return HclValue.Object(attributes);
    }

    private static HclValue EvaluateString(JsonStringNode s, EvalContext context, DiagnosticBag diagnostics)
    {
        if (!MayBeTemplate(s.Value))
        {
            return HclValue.String(s.Value);
        }

        var template = TemplateCache.For(s);
        if (template.ParseDiagnostics.Count > 0)
        {
            diagnostics.AddRange(template.ParseDiagnostics);
            if (template.ParseDiagnostics.HasErrors)
            {
                return HclValue.Null;
            }
        }

        return template.Expression.Evaluate(context, diagnostics);
    }

    private static void Collect(JsonNode node, List<Traversal> found)
    {
        switch (node)
        {
            case JsonStringNode s when MayBeTemplate(s.Value):
                found.AddRange(TemplateCache.For(s).Expression.Variables());
                break;
            case JsonArrayNode a:
                foreach (var item in a.Items)
                {
                    Collect(item, found);
                }

                break;
            case JsonObjectNode o:
                foreach (var property in o.Properties)
                {
                    Collect(property.Key, found);
                    Collect(property.Value, found);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Whether the text holds a template sequence at all; plain strings skip the template parser.</summary>
    private static bool MayBeTemplate(string text)
        => text.Contains("${", StringComparison.Ordinal) || text.Contains("%{", StringComparison.Ordinal);

    /// <summary>The parsed template of one string node, parsed once and shared.</summary>
    private sealed class TemplateCache
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonStringNode, TemplateCache> _cache = [];

        private TemplateCache(IExpression expression, DiagnosticBag parseDiagnostics)
        {
            Expression = expression;
            ParseDiagnostics = parseDiagnostics;
        }

        public IExpression Expression { get; }

        public DiagnosticBag ParseDiagnostics { get; }

        public static TemplateCache For(JsonStringNode node) => _cache.GetValue(node, Parse);

        private static TemplateCache Parse(JsonStringNode node)
        {
            var start = node.Range.Start;
            var origin = node.HasEscapes ? start : new SourcePos(start.Line, start.Column + 1, start.Byte + 1);
            var diagnostics = new DiagnosticBag();
            var expression = HclParser.ParseTemplate(node.Value, node.Range.Filename, origin, diagnostics);
            return new TemplateCache(expression, diagnostics);
        }
    }
}
