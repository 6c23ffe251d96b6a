namespace Mesh.Snapshots.Clusters;

/// <summary>
/// TLS towards the upstream (a destination rule's <c>tls</c> block, Istio's ClientTLSSettings). File paths are on the
/// agent's host; the agent reads them when it applies the snapshot and again when the files change.
/// </summary>
public sealed record ClientTlsSettings
{
    /// <summary>The mode.</summary>
    public TlsMode Mode { get; init; } = TlsMode.Disable;

    /// <summary>Server name sent in SNI; defaults to the destination host.</summary>
    public string? Sni { get; init; }

    /// <summary>Identities the server certificate may carry; empty accepts the SNI name.</summary>
    public IReadOnlyList<string> SubjectAltNames { get; init; } = [];

    /// <summary>PEM file with the client certificate (<see cref="TlsMode.Mutual"/>).</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>PEM file with the client certificate's private key (<see cref="TlsMode.Mutual"/>).</summary>
    public string? PrivateKey { get; init; }

    /// <summary>PEM file with the CA certificates the server certificate must chain to; null uses the system roots.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>A Vault PKI role (<c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>) that signs the client certificate the agent presents (mode mutual).</summary>
    public string? CredentialName { get; init; }

    /// <summary>Whether the server certificate is accepted without verification.</summary>
    public bool InsecureSkipVerify { get; init; }
}
