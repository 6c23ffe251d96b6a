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

    /// <summary>The Consul node meta key of the node's region (locality-aware load balancing).</summary>
    public const string Region = "mesh-region";

    /// <summary>The Consul node meta key of the node's zone.</summary>
    public const string Zone = "mesh-zone";

    /// <summary>The Consul node meta key of the node's subzone.</summary>
    public const string Subzone = "mesh-subzone";
}
