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
}
