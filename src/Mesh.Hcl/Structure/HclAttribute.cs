using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;

namespace Mesh.Hcl.Structure;

/// <summary>An attribute (<c>name = expression</c>).</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Expression">The value expression.</param>
/// <param name="Range">The whole definition.</param>
/// <param name="NameRange">The name alone.</param>
public sealed record HclAttribute(string Name, IExpression Expression, SourceRange Range, SourceRange NameRange);
