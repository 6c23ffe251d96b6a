using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>One <c>"name": value</c> pair of a JSON object.</summary>
internal sealed class JsonProperty(JsonStringNode key, JsonNode value)
{
    /// <summary>The property name, decoded.</summary>
    public string Name => Key.Value;

    /// <summary>The name as a string node (object keys in expressions are templates).</summary>
    public JsonStringNode Key { get; } = key;

    /// <summary>The value.</summary>
    public JsonNode Value { get; } = value;

    /// <summary>The name's range, quotes included.</summary>
    public SourceRange NameRange => Key.Range;

    /// <summary>From the name to the end of the value.</summary>
    public SourceRange Range => SourceRange.Between(Key.Range, Value.Range);
}
