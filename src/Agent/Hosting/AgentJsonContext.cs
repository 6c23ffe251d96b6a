using System.Text.Json.Serialization;
using Mesh.Agent.Endpoints;

namespace Mesh.Agent.Hosting;

/// <summary>Source-generated JSON for what the agent writes (saved endpoints).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<SavedEndpoint>))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
