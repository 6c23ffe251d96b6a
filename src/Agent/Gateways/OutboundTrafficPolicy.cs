namespace Mesh.Agent.Gateways;

/// <summary>What a gateway does with a request for a host the mesh does not know (Istio's <c>outboundTrafficPolicy.mode</c>).</summary>
public enum OutboundTrafficPolicy
{
    /// <summary>Forward it to the host as named (the default, as in Istio).</summary>
    AllowAny,

    /// <summary>Refuse it with 502: only catalog services and <c>service_entry</c> hosts are reachable.</summary>
    RegistryOnly,
}
