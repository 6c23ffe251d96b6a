using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Model;

namespace Mesh.Rules.Loading;

/// <summary>What loading a set of rule files produced: the resources that could be decoded, and every problem found.</summary>
/// <param name="Rules">The decoded resources (best effort when there are errors).</param>
/// <param name="Diagnostics">Parse, evaluation and decoding problems, with file, line and column.</param>
public sealed record RuleBundle(RuleSet Rules, DiagnosticBag Diagnostics);
