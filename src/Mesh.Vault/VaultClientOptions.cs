namespace Mesh.Vault;

/// <summary>Where Vault is and which namespace the client works in.</summary>
public sealed class VaultClientOptions
{
    /// <summary>The Vault address, for example https://vault.service.consul:8200/ (the client appends <c>v1/</c>).</summary>
    public Uri Address { get; set; } = new("https://127.0.0.1:8200/");

    /// <summary>The Vault Enterprise namespace sent as <c>X-Vault-Namespace</c>, or null for the root namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>A token to start with (for example from VAULT_TOKEN); a login replaces it.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// A PEM file of the CA certificates that sign Vault's server certificate (like VAULT_CACERT). When set, only
    /// these are trusted (custom root trust), not the system store.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>A PEM client certificate presented to Vault (like VAULT_CLIENT_CERT, for the TLS auth method or mTLS listeners).</summary>
    public string? CertFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertFile"/> (like VAULT_CLIENT_KEY).</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// The name sent as SNI and checked against Vault's certificate (like VAULT_TLS_SERVER_NAME); default: the address's host.
    /// <see cref="VaultClient"/> sends it as the Host header, which is where the HTTP handler takes the TLS name from.
    /// </summary>
    public string? TlsServerName { get; set; }
}
