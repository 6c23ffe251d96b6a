namespace Mesh.Snapshots.Security;

/// <summary>Whether a workload's inbound listener demands mutual TLS (Istio's PeerAuthentication modes).</summary>
public enum PeerAuthenticationMode
{
    /// <summary>Accept mutual TLS and plain text; the default, so a mesh can be adopted service by service.</summary>
    Permissive,

    /// <summary>Accept mutual TLS only.</summary>
    Strict,

    /// <summary>Accept plain text only.</summary>
    Disable,
}
