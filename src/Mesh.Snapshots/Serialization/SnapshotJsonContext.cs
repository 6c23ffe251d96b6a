using System.Text.Json.Serialization;

namespace Mesh.Snapshots.Serialization;

/// <summary>Source-generated JSON for snapshots: snake_case names, lowercase enum strings, Go-style durations, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(GoDurationJsonConverter)])]
[JsonSerializable(typeof(ProxySnapshot))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
