namespace Mesh.Consul;

/// <summary>Where and how to reach the Consul HTTP API.</summary>
public sealed class ConsulClientOptions
{
    /// <summary>The agent's base address; defaults to <c>http://127.0.0.1:8500</c>; use <c>https://</c> for TLS. The <c>/v1/</c> prefix is added by the client.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:8500");

    /// <summary>The ACL token sent as <c>X-Consul-Token</c>; none when <see langword="null"/> or empty.</summary>
    public string? Token { get; set; }

    /// <summary>The datacenter sent as <c>?dc=</c>; the agent's own when <see langword="null"/>.</summary>
    public string? Datacenter { get; set; }

    /// <summary>
    /// The Consul Enterprise namespace sent as <c>?ns=</c> on every request; the token's default namespace when
    /// <see langword="null"/>. Community edition ignores it.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// A PEM file with the CA certificate(s) that issued the server's certificate (Consul's <c>CONSUL_CACERT</c>). When set, the
    /// server is verified against these roots only; when null, the system trust store is used.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>A PEM file with the client certificate presented to the server (<c>CONSUL_CLIENT_CERT</c>); requires <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    /// <summary>A PEM file with the private key of <see cref="CertFile"/> (<c>CONSUL_CLIENT_KEY</c>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The name expected in the server's certificate (SNI and verification), when it differs from the address's host (<c>CONSUL_TLS_SERVER_NAME</c>).</summary>
    public string? TlsServerName { get; set; }
}
