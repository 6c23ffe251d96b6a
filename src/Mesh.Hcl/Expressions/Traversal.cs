using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Expressions;

/// <summary>A reference to a variable and the attributes or indexes taken from it (<c>var.weights[0]</c>).</summary>
/// <param name="RootName">The variable name.</param>
/// <param name="Steps">The steps taken from the root.</param>
/// <param name="Range">The source range of the reference.</param>
public sealed record Traversal(string RootName, IReadOnlyList<TraversalStep> Steps, SourceRange Range)
{
    /// <summary>The reference in source form, such as <c>var.weights[0]</c>.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder(RootName);
        foreach (var step in Steps)
        {
            sb.Append(step.Name is { } n ? "." + n : "[" + step.Key + "]");
        }

        return sb.ToString();
    }
}

/// <summary>One step of a traversal: an attribute name or an index key.</summary>
/// <param name="Name">The attribute name, for <c>.name</c>.</param>
/// <param name="Key">The key, for <c>[key]</c>.</param>
/// <param name="Range">The step's range.</param>
public sealed record TraversalStep(string? Name, HclValue? Key, SourceRange Range);
