using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Rules.Loading;

/// <summary>
/// The <c>locals</c> blocks of a bundle, evaluated in dependency order: each local is evaluated after the locals it
/// refers to. Locals that refer to each other in a cycle are reported and become null.
/// </summary>
internal sealed class LocalValues
{
    private readonly Dictionary<string, HclAttribute> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HclValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _state = new(StringComparer.Ordinal);
    private readonly List<string> _stack = [];
    private readonly DiagnosticBag _diagnostics;

    public LocalValues(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
    }

    /// <summary>Adds the attributes of one <c>locals</c> block.</summary>
    public void Add(HclBlock block)
    {
        foreach (var (name, attribute) in block.Body.JustAttributes(_diagnostics).OrderBy(a => a.Value.Range.Start.Byte))
        {
            if (_definitions.TryGetValue(name, out var existing))
            {
                var at = existing.NameRange;
                _diagnostics.Error("Duplicate local value definition",
                    $"A local value named \"{name}\" was already defined at {at.Filename}:{at.Start.Line},{at.Start.Column}. Local value names must be unique.",
                    attribute.NameRange);
                continue;
            }

            _definitions[name] = attribute;
        }
    }

    /// <summary>Evaluates every local and sets <c>local</c> in the context.</summary>
    public void Evaluate(EvalContext context)
    {
        foreach (var name in _definitions.Keys.ToList())
        {
            Visit(name, context);
        }

        context.WithVariable("local", HclValue.Object(_values));
    }

    private void Visit(string name, EvalContext context)
    {
        _state.TryGetValue(name, out var state);
        if (state == 2)
        {
            return;
        }

        if (state == 1)
        {
            ReportCycle(name);
            return;
        }

        _state[name] = 1;
        _stack.Add(name);
        var attribute = _definitions[name];
        foreach (var traversal in attribute.Expression.Variables())
        {
            if (traversal.RootName == "local" && traversal.Steps.Count > 0 && traversal.Steps[0].Name is { } dependency
                && _definitions.ContainsKey(dependency))
            {
                Visit(dependency, context);
            }
        }

        _stack.RemoveAt(_stack.Count - 1);
        _state[name] = 2;
        if (!_values.ContainsKey(name))
        {
            context.WithVariable("local", HclValue.Object(_values));
            _values[name] = attribute.Expression.Evaluate(context, _diagnostics);
        }
    }

    private void ReportCycle(string name)
    {
        var cycle = _stack.Skip(_stack.IndexOf(name)).ToList();
        foreach (var member in cycle)
        {
            _values[member] = HclValue.Null;
        }

        var path = string.Join(" -> ", cycle.Append(name).Select(n => "local." + n));
        _diagnostics.Error("Cycle in local values",
            $"The local values {string.Join(", ", cycle.Select(n => "\"" + n + "\""))} refer to each other ({path}), so none of them can be evaluated.",
            _definitions[name].NameRange);
    }
}
