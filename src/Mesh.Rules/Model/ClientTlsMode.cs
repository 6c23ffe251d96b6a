namespace Mesh.Rules.Model;

/// <summary>How a sidecar originates TLS to a destination (Istio's ClientTLSSettings.TLSmode).</summary>
public enum ClientTlsMode
{
    /// <summary><c>disable</c>.</summary>
    Disable,

    /// <summary><c>simple</c>.</summary>
    Simple,

    /// <summary><c>mutual</c>.</summary>
    Mutual,

    /// <summary><c>mesh_mutual</c>.</summary>
    MeshMutual,
}
