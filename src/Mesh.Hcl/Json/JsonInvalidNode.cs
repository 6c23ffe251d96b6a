using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Json;

/// <summary>Stands in for a value that could not be parsed; the syntax error has already been reported.</summary>
internal sealed class JsonInvalidNode(SourceRange range) : JsonNode(range);
