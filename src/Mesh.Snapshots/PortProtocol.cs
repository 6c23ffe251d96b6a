using System.Text.Json.Serialization;

namespace Mesh.Snapshots;

/// <summary>The protocol of a port, as in a gateway server or service entry.</summary>
public enum PortProtocol
{
    /// <summary>HTTP/1.1 (and HTTP/2 when the client speaks it).</summary>
    [JsonStringEnumMemberName("http")] Http,

    /// <summary>HTTP over TLS.</summary>
    [JsonStringEnumMemberName("https")] Https,

    /// <summary>HTTP/2 with prior knowledge (h2c) to the upstream.</summary>
    [JsonStringEnumMemberName("http2")] Http2,

    /// <summary>gRPC: HTTP/2 to the upstream.</summary>
    [JsonStringEnumMemberName("grpc")] Grpc,

    /// <summary>Opaque TCP.</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,

    /// <summary>TLS proxied as opaque TCP.</summary>
    [JsonStringEnumMemberName("tls")] Tls,
}
