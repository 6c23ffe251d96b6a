using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>A JSON string: its decoded value, and whether escapes make its characters differ from the source.</summary>
internal sealed class JsonStringNode(string value, bool hasEscapes, SourceRange range) : JsonNode(range)
{
    /// <summary>The decoded text.</summary>
    public string Value { get; } = value;

    /// <summary>Whether the source used escapes, so decoded positions do not map 1:1 onto the source.</summary>
    public bool HasEscapes { get; } = hasEscapes;
}
