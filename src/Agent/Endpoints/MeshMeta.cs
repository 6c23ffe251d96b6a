namespace Mesh.Agent.Endpoints;

/// <summary>The Consul service meta keys the agent writes and reads.</summary>
internal static class MeshMeta
{
    /// <summary>The inbound (mTLS) port of a meshed instance; instances without it are plain, non-mesh services.</summary>
    public const string InboundPort = "mesh-inbound-port";

    /// <summary>The agent version that registered the instance.</summary>
    public const string Version = "mesh-version";

    /// <summary>The SPIFFE namespace of the instance.</summary>
    public const string Namespace = "mesh-namespace";
}
