namespace Mesh.Rules.Model;

/// <summary>How a gateway server terminates TLS (Istio's ServerTLSSettings.TLSmode).</summary>
public enum ServerTlsMode
{
    /// <summary><c>simple</c>.</summary>
    Simple,

    /// <summary><c>mutual</c>.</summary>
    Mutual,

    /// <summary><c>passthrough</c>.</summary>
    Passthrough,

    /// <summary><c>auto_passthrough</c>.</summary>
    AutoPassthrough,

    /// <summary><c>mesh_mutual</c>.</summary>
    MeshMutual,

    /// <summary><c>optional_mutual</c>.</summary>
    OptionalMutual,
}
