using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>A value in a JSON document, with its exact source range.</summary>
internal abstract class JsonNode(SourceRange range)
{
    /// <summary>The whole value, from its first to its last character.</summary>
    public SourceRange Range { get; } = range;
}
