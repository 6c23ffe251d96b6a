using System.Text.Json.Serialization;

namespace Mesh.Snapshots.Gateways;

/// <summary>How a gateway server terminates or forwards TLS (Istio's <c>ServerTLSSettings.TLSmode</c>).</summary>
public enum GatewayTlsMode
{
    /// <summary>Terminate TLS with the server's certificate and key.</summary>
    [JsonStringEnumMemberName("simple")] Simple,

    /// <summary>Terminate TLS and require a client certificate signed by the configured CA.</summary>
    [JsonStringEnumMemberName("mutual")] Mutual,

    /// <summary>Forward the TLS stream untouched, routing on the SNI.</summary>
    [JsonStringEnumMemberName("passthrough")] Passthrough,

    /// <summary>Forward the TLS stream untouched, deriving the destination from the SNI without a virtual service.</summary>
    [JsonStringEnumMemberName("auto_passthrough")] AutoPassthrough,

    /// <summary>Terminate mesh mutual TLS with the gateway's workload certificate.</summary>
    [JsonStringEnumMemberName("mesh_mutual")] MeshMutual,

    /// <summary>Terminate TLS and accept, without requiring, a client certificate.</summary>
    [JsonStringEnumMemberName("optional_mutual")] OptionalMutual,
}
