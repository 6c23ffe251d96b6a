namespace Mesh.Proxy.Observability;

/// <summary>Which side of a call a proxy stands on, which decides Istio's <c>reporter</c> label.</summary>
public enum ProxyRole
{
    /// <summary>A sidecar's outbound side (the caller's proxy): <c>reporter="source"</c>.</summary>
    Outbound,

    /// <summary>A sidecar's inbound side (the callee's proxy): <c>reporter="destination"</c>.</summary>
    Inbound,

    /// <summary>An ingress or egress gateway: reports as the source of the calls it makes.</summary>
    Gateway,
}
