namespace Mesh.Agent.Configuration;

/// <summary>An <c>upstream "host" { local_port = … }</c> block: the app calls <c>127.0.0.1:local_port</c> to reach the host.</summary>
public sealed class UpstreamOptions
{
    /// <summary>The destination host (a Consul service name, or a host with a compiled snapshot).</summary>
    public required string Host { get; init; }

    /// <summary>The loopback port of the outbound listener; 0 picks a free one.</summary>
    public int LocalPort { get; set; }

    /// <summary>The loopback address of the outbound listener.</summary>
    public string LocalAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// What the application speaks on the local port: <see cref="ListenerProtocol.Tcp"/> proxies bytes (also chosen
    /// when the host's snapshot declares only <c>tcp</c>/<c>tls</c> ports); <see cref="ListenerProtocol.Http"/> by default.
    /// </summary>
    public ListenerProtocol Protocol { get; set; } = ListenerProtocol.Http;
}
