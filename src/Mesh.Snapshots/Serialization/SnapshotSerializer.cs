using System.Text.Json;

namespace Mesh.Snapshots.Serialization;

/// <summary>Reads and writes snapshots in their stored JSON form.</summary>
public static class SnapshotSerializer
{
    /// <summary>Serialises a snapshot to UTF-8 JSON.</summary>
    public static byte[] Serialize(ProxySnapshot snapshot)
        => JsonSerializer.SerializeToUtf8Bytes(snapshot, SnapshotJsonContext.Default.ProxySnapshot);

    /// <summary>Parses a snapshot; throws <see cref="JsonException"/> when the document is not a valid snapshot.</summary>
    public static ProxySnapshot Deserialize(ReadOnlySpan<byte> utf8Json)
        => JsonSerializer.Deserialize(utf8Json, SnapshotJsonContext.Default.ProxySnapshot)
           ?? throw new JsonException("A snapshot document cannot be null.");
}
