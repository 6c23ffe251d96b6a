using Mesh.Hcl.Values;

namespace Mesh.Hcl.Expressions;

/// <summary>
/// The variables and functions an expression can see. For-expressions evaluate their bodies in child contexts that
/// add the iteration symbols and fall back to the parent for everything else.
/// </summary>
public sealed class EvalContext
{
    private readonly Dictionary<string, HclValue> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HclFunction> _functions = new(StringComparer.Ordinal);

    /// <summary>Creates an empty root context.</summary>
    public EvalContext()
    {
    }

    private EvalContext(EvalContext parent)
    {
        Parent = parent;
    }

    /// <summary>An empty context with no variables and no functions.</summary>
    public static EvalContext Empty => new();

    /// <summary>The enclosing context, if any.</summary>
    public EvalContext? Parent { get; }

    /// <summary>Nesting depth, to bound runaway recursion.</summary>
    public int Depth => Parent is null ? 0 : Parent.Depth + 1;

    /// <summary>Sets a variable.</summary>
    public EvalContext WithVariable(string name, HclValue value)
    {
        _variables[name] = value;
        return this;
    }

    /// <summary>Sets a function.</summary>
    public EvalContext WithFunction(string name, HclFunction function)
    {
        _functions[name] = function;
        return this;
    }

    /// <summary>Adds several functions.</summary>
    public EvalContext WithFunctions(IEnumerable<KeyValuePair<string, HclFunction>> functions)
    {
        foreach (var (name, f) in functions)
        {
            _functions[name] = f;
        }

        return this;
    }

    /// <summary>Creates a child context.</summary>
    public EvalContext NewChild() => new(this);

    /// <summary>Looks a variable up here and in the parents.</summary>
    public bool TryGetVariable(string name, out HclValue value)
    {
        for (var c = this; c is not null; c = c.Parent)
        {
            if (c._variables.TryGetValue(name, out value!))
            {
                return true;
            }
        }

        value = HclValue.Null;
        return false;
    }

    /// <summary>Looks a function up here and in the parents.</summary>
    public bool TryGetFunction(string name, out HclFunction function)
    {
        for (var c = this; c is not null; c = c.Parent)
        {
            if (c._functions.TryGetValue(name, out function!))
            {
                return true;
            }
        }

        function = null!;
        return false;
    }

    /// <summary>All variable names visible here (for "did you mean" suggestions).</summary>
    public IEnumerable<string> VariableNames()
    {
        for (var c = this; c is not null; c = c.Parent)
        {
            foreach (var name in c._variables.Keys)
            {
                yield return name;
            }
        }
    }

    /// <summary>All function names visible here.</summary>
    public IEnumerable<string> FunctionNames()
    {
        for (var c = this; c is not null; c = c.Parent)
        {
            foreach (var name in c._functions.Keys)
            {
                yield return name;
            }
        }
    }
}
