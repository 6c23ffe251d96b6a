using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>A JSON array.</summary>
internal sealed class JsonArrayNode(IReadOnlyList<JsonNode> items, SourceRange range, SourceRange openRange, SourceRange closeRange)
    : JsonNode(range)
{
    /// <summary>The elements in source order.</summary>
    public IReadOnlyList<JsonNode> Items { get; } = items;

    /// <summary>The opening bracket.</summary>
    public SourceRange OpenRange { get; } = openRange;

    /// <summary>The closing bracket (or the end of the file when it is missing).</summary>
    public SourceRange CloseRange { get; } = closeRange;
}
