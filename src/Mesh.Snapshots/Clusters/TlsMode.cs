using System.Text.Json.Serialization;

namespace Mesh.Snapshots.Clusters;

/// <summary>Upstream TLS modes.</summary>
public enum TlsMode
{
    /// <summary>Plain text.</summary>
    [JsonStringEnumMemberName("disable")] Disable,

    /// <summary>TLS, server authenticated.</summary>
    [JsonStringEnumMemberName("simple")] Simple,

    /// <summary>Mutual TLS with operator-supplied certificates.</summary>
    [JsonStringEnumMemberName("mutual")] Mutual,

    /// <summary>Mutual TLS with the mesh's workload certificates.</summary>
    [JsonStringEnumMemberName("mesh_mutual")] MeshMutual,
}
