using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>A JSON object. Properties keep their source order and repeated names, which the HCL JSON syntax gives meaning to.</summary>
internal sealed class JsonObjectNode(IReadOnlyList<JsonProperty> properties, SourceRange range, SourceRange openRange, SourceRange closeRange)
    : JsonNode(range)
{
    /// <summary>The properties in source order, duplicates included.</summary>
    public IReadOnlyList<JsonProperty> Properties { get; } = properties;

    /// <summary>The opening brace.</summary>
    public SourceRange OpenRange { get; } = openRange;

    /// <summary>The closing brace (or the end of the file when it is missing).</summary>
    public SourceRange CloseRange { get; } = closeRange;
}
