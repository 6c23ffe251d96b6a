using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Rules.Loading;

/// <summary>The <c>variable</c> declarations of a bundle and the values they end up with.</summary>
internal sealed class VariableSet
{
    private static readonly BodySchema Schema = new(
        [new AttributeSchema("default"), new AttributeSchema("type"), new AttributeSchema("description"), new AttributeSchema("sensitive"), new AttributeSchema("nullable")],
        []);

    private readonly Dictionary<string, Declaration> _declarations = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics;

    public VariableSet(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
    }

    /// <summary>Adds a <c>variable "name"</c> block.</summary>
    public void Declare(HclBlock block)
    {
        var name = block.Labels.Count > 0 ? block.Labels[0] : "";
        var content = block.Body.Content(Schema, _diagnostics);
        if (_declarations.TryGetValue(name, out var existing))
        {
            _diagnostics.Error("Duplicate variable declaration",
                $"A variable named \"{name}\" was already declared at {existing.Range.Filename}:{existing.Range.Start.Line},{existing.Range.Start.Column}. Variable names must be unique.",
                block.DefRange);
            return;
        }

        var type = VariableType.Any;
        var typed = false;
        if (content.Attributes.TryGetValue("type", out var typeAttribute) && VariableType.Parse(typeAttribute.Expression, _diagnostics) is { } t)
        {
            type = t;
            typed = true;
        }

        var declaration = new Declaration(name, type, typed, block.DefRange);
        if (content.Attributes.TryGetValue("default", out var defaultAttribute))
        {
            var value = defaultAttribute.Expression.Evaluate(EvalContext.Empty, _diagnostics);
            declaration.Value = Convert(declaration, value, defaultAttribute.Expression.Range);
            declaration.HasValue = true;
        }

        _declarations[name] = declaration;
    }

    /// <summary>Applies a <c>-var-file</c>: a file of <c>name = value</c> attributes.</summary>
    public void ApplyFile(HclFile file)
    {
        _diagnostics.AddRange(file.Diagnostics);
        foreach (var (name, attribute) in file.Body.JustAttributes(_diagnostics).OrderBy(a => a.Value.Range.Start.Byte))
        {
            var value = attribute.Expression.Evaluate(EvalContext.Empty, _diagnostics);
            if (!_declarations.TryGetValue(name, out var declaration))
            {
                _diagnostics.Add(Diagnostic.Warning("Value for undeclared variable",
                    $"The file sets a value for \"{name}\", but no variable of that name is declared." + Hint(name), attribute.NameRange));
                continue;
            }

            Set(declaration, value, attribute.Expression.Range);
        }
    }

    /// <summary>Applies a <c>-var name=value</c> argument.</summary>
    public void ApplyArgument(string name, string raw)
    {
        var origin = $"<value for var.{name}>";
        var range = new SourceRange(origin, SourcePos.Start, new SourcePos(1, raw.Length + 1, raw.Length));
        if (!_declarations.TryGetValue(name, out var declaration))
        {
            _diagnostics.Error("Value for undeclared variable",
                $"A variable named \"{name}\" was assigned on the command line, but no variable of that name is declared." + Hint(name),
                new SourceRange("<command line>", SourcePos.Start, SourcePos.Start));
            return;
        }

        if (!declaration.Typed || VariableType.IsLiteral(declaration.Type))
        {
            Set(declaration, HclValue.String(raw), range);
            return;
        }

        var local = new DiagnosticBag();
        var expression = HclParser.ParseExpression(raw, origin, local);
        var value = local.HasErrors ? HclValue.Null : expression.Evaluate(EvalContext.Empty, local);
        _diagnostics.AddRange(local);
        if (!local.HasErrors)
        {
            Set(declaration, value, expression.Range);
        }
    }

    /// <summary>The final values as the <c>var</c> object; reports required variables without a value.</summary>
    public HclValue Finish()
    {
        var values = new List<KeyValuePair<string, HclValue>>();
        foreach (var declaration in _declarations.Values)
        {
            if (!declaration.HasValue)
            {
                _diagnostics.Error("No value for required variable",
                    $"The variable \"{declaration.Name}\" is required but has no default; set it with -var \"{declaration.Name}=...\" or in a -var-file.",
                    declaration.Range);
            }

            values.Add(new(declaration.Name, declaration.Value));
        }

        return HclValue.Object(values);
    }

    private void Set(Declaration declaration, HclValue value, SourceRange range)
    {
        declaration.Value = Convert(declaration, value, range);
        declaration.HasValue = true;
    }

    private HclValue Convert(Declaration declaration, HclValue value, SourceRange range)
    {
        if (VariableType.TryConvert(value, declaration.Type, out var converted))
        {
            return converted;
        }

        _diagnostics.Error("Invalid value for variable",
            $"The value for variable \"{declaration.Name}\" is a {value.KindName}, which cannot be converted to {VariableType.Name(declaration.Type)}.", range);
        return HclValue.Null;
    }

    private string Hint(string name) => DidYouMean.Suggest(name, _declarations.Keys) is { } s ? $" Did you mean \"{s}\"?" : "";

    private sealed class Declaration(string name, HclValue type, bool typed, SourceRange range)
    {
        public string Name { get; } = name;

        public HclValue Type { get; } = type;

        public bool Typed { get; } = typed;

        public SourceRange Range { get; } = range;

        public HclValue Value { get; set; } = HclValue.Null;

        public bool HasValue { get; set; }
    }
}
