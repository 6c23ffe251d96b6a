namespace Mesh.Snapshots.Gateways;

/// <summary>The TLS settings of a gateway server, as written in the gateway's <c>tls</c> block.</summary>
public sealed record GatewayTls
{
    /// <summary>How TLS is terminated or forwarded.</summary>
    public GatewayTlsMode Mode { get; init; } = GatewayTlsMode.Simple;

    /// <summary>Path of the server certificate (PEM), for <c>simple</c> and <c>mutual</c>.</summary>
    public string? Certificate { get; init; }

    /// <summary>Path of the server private key (PEM).</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Path of the CA bundle that verifies client certificates, for <c>mutual</c>.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>The name of a credential (for example a Vault PKI source) to use instead of file paths.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Subject alternative names accepted in client certificates.</summary>
    public IReadOnlyList<string> SubjectAltNames { get; init; } = [];

    /// <summary>Lowest TLS version accepted (<c>TLSV1_2</c>, <c>TLSV1_3</c>); the server default when null.</summary>
    public string? MinProtocolVersion { get; init; }

    /// <summary>Highest TLS version accepted; the server default when null.</summary>
    public string? MaxProtocolVersion { get; init; }

    /// <summary>Cipher suites offered; the server default when empty.</summary>
    public IReadOnlyList<string> CipherSuites { get; init; } = [];
}
