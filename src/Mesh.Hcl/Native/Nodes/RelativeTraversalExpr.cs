using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>Static steps applied to the result of another expression, such as <c>func().name</c>.</summary>
internal sealed class RelativeTraversalExpr(Expr source, IReadOnlyList<TraversalStepNode> steps, SourceRange range) : Expr(range)
{
    public Expr Source { get; } = source;

    public IReadOnlyList<TraversalStepNode> Steps { get; } = steps;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Count;
        var value = Source.Evaluate(context, diagnostics);
        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        foreach (var step in Steps)
        {
            value = step.Apply(value, diagnostics);
            if (diagnostics.Count != before)
            {
                return HclValue.Null;
            }
        }

        return value;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound) => Source.CollectVariables(found, bound);
}
