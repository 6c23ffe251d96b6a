using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.ControllerApi;

namespace Mesh.Controller.Storage;

/// <summary>Source-generated JSON of the controller's KV values.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(ResourceEnvelope))]
[JsonSerializable(typeof(ResourceStatusDto))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
