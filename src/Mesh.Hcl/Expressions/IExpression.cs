using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Expressions;

/// <summary>An expression of either syntax, evaluated against a context of variables and functions.</summary>
public interface IExpression
{
    /// <summary>The whole expression's range.</summary>
    SourceRange Range { get; }

    /// <summary>
    /// Evaluates the expression. Problems are added to <paramref name="diagnostics"/> and the result is then
    /// <see cref="HclValue.Null"/> or a best-effort value; evaluation never throws for bad input.
    /// </summary>
    HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics);

    /// <summary>The variables the expression refers to, for dependency ordering and for reporting.</summary>
    IReadOnlyList<Traversal> Variables();

    /// <summary>
    /// When the expression is a bare keyword such as <c>round_robin</c> (a traversal of one name), returns that
    /// name; rule decoders accept keywords where a string is expected only when they ask for them.
    /// </summary>
    string? AsKeyword();
}
