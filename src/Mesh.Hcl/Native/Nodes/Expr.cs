using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>Base of every native-syntax expression node.</summary>
internal abstract class Expr(SourceRange range) : IExpression
{
    public SourceRange Range { get; } = range;

    public abstract HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics);

    public IReadOnlyList<Traversal> Variables()
    {
        var found = new List<Traversal>();
        CollectVariables(found, []);
        return found;
    }

    public virtual string? AsKeyword() => null;

    /// <summary>Adds the free variables of this node; <paramref name="bound"/> holds names bound by enclosing for-expressions.</summary>
    internal abstract void CollectVariables(List<Traversal> found, HashSet<string> bound);

    public override string ToString() => GetType().Name + " " + Range;
}
