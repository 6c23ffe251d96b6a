using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Json;

/// <summary>One of the JSON keywords <c>true</c>, <c>false</c> and <c>null</c>.</summary>
internal sealed class JsonKeywordNode(HclValue value, SourceRange range) : JsonNode(range)
{
    /// <summary>The keyword's value.</summary>
    public HclValue Value { get; } = value;
}
