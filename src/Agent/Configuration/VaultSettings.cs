namespace Mesh.Agent.Configuration;

/// <summary>The <c>vault</c> block.</summary>
public sealed class VaultSettings
{
    /// <summary>The Vault address.</summary>
    public Uri Address { get; set; } = new("https://127.0.0.1:8200");

    /// <summary>The PKI mount.</summary>
    public string PkiMount { get; set; } = "pki_int";

    /// <summary>The PKI role.</summary>
    public string Role { get; set; } = "mesh-workload";

    /// <summary>A Vault token (prefer <c>VAULT_TOKEN</c> in the environment); never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The AppRole mount.</summary>
    public string AppRoleMount { get; set; } = "approle";

    /// <summary>The AppRole role id.</summary>
    public string? AppRoleRoleId { get; set; }

    /// <summary>A file holding the AppRole secret id (kept out of the config file).</summary>
    public string? AppRoleSecretIdFile { get; set; }
}
