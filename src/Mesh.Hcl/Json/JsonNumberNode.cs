using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>A JSON number, kept as its source text so no precision is lost.</summary>
internal sealed class JsonNumberNode(string text, SourceRange range) : JsonNode(range)
{
    /// <summary>The number as written.</summary>
    public string Text { get; } = text;
}
