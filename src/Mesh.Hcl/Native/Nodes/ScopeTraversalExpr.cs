using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A variable reference with static steps, such as <c>var.weights</c> or <c>local.hosts[0]</c>.</summary>
internal sealed class ScopeTraversalExpr(string root, SourceRange rootRange, IReadOnlyList<TraversalStepNode> steps, SourceRange range)
    : Expr(range)
{
    public string Root { get; } = root;

    public SourceRange RootRange { get; } = rootRange;

    public IReadOnlyList<TraversalStepNode> Steps { get; } = steps;

    public override string? AsKeyword() => Steps.Count == 0 ? Root : null;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        if (!context.TryGetVariable(Root, out var value))
        {
            var suggestion = DidYouMean.Suggest(Root, context.VariableNames());
            var detail = suggestion is null
                ? $"There is no variable named \"{Root}\"."
                : $"There is no variable named \"{Root}\". Did you mean \"{suggestion}\"?";
            diagnostics.Error("Unknown variable", detail, RootRange);
            return HclValue.Null;
        }

        foreach (var step in Steps)
        {
            var before = diagnostics.Count;
            value = step.Apply(value, diagnostics);
            if (diagnostics.Count != before)
            {
                return HclValue.Null;
            }
        }

        return value;
    }

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        if (!bound.Contains(Root))
        {
            found.Add(ToTraversal());
        }
    }

    public Traversal ToTraversal()
    {
        var steps = new List<TraversalStep>(Steps.Count);
        foreach (var s in Steps)
        {
            steps.Add(new TraversalStep(s.Name, s.Key, s.Range));
        }

        return new Traversal(Root, steps, Range);
    }
}
