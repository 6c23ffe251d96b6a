namespace Mesh.Agent.Endpoints;

/// <summary>What a destination rule's <c>tls</c> makes of one upstream connection.</summary>
internal enum ClientTlsDecision
{
    /// <summary>No rule, or <c>mesh_mutual</c>: the agent's default (mesh mTLS for peers, origination for https/tls service_entry ports).</summary>
    Default,

    /// <summary><c>disable</c>: plain TCP, even to a mesh peer.</summary>
    Plain,

    /// <summary><c>simple</c> or <c>mutual</c>: TLS with the rule's settings.</summary>
    Originate,
}
