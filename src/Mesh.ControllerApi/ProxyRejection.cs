using System.Text.Json.Serialization;

namespace Mesh.ControllerApi;

/// <summary>A snapshot a proxy refused: the previous one keeps serving.</summary>
public sealed record ProxyRejection
{
    /// <summary>The refused snapshot's version; null when the document was too broken to name one.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Why the snapshot was refused.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }
}
