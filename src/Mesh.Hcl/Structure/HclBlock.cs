using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Structure;

/// <summary>A block (<c>type "label" { ... }</c>).</summary>
/// <param name="Type">The block type.</param>
/// <param name="Labels">The labels.</param>
/// <param name="Body">The block's body.</param>
/// <param name="DefRange">The block header, from the type to the opening brace.</param>
/// <param name="TypeRange">The type name alone.</param>
/// <param name="LabelRanges">Each label's range.</param>
public sealed record HclBlock(
    string Type,
    IReadOnlyList<string> Labels,
    IBody Body,
    SourceRange DefRange,
    SourceRange TypeRange,
    IReadOnlyList<SourceRange> LabelRanges);
