using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>A literal: number, bool, null or a string without interpolation.</summary>
internal sealed class LiteralExpr(HclValue value, SourceRange range, string? keyword = null) : Expr(range)
{
    public HclValue Value { get; } = value;

    /// <summary>The keyword the literal was written as (<c>true</c>, <c>false</c>, <c>null</c>), so it can still serve as an object key.</summary>
    public string? Keyword { get; } = keyword;

    public override string? AsKeyword() => Keyword;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics) => Value;

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
    }
}
