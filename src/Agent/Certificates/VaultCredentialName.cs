namespace Mesh.Agent.Certificates;

/// <summary>
/// A gateway server's <c>credential_name</c> naming a Vault PKI role: <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>
/// (<c>vault:pki/roles/shop-gateway</c> is mount <c>pki</c>, role <c>shop-gateway</c>; mounts may be nested,
/// <c>vault:pki/int/roles/shop</c>). The certificate is signed by <c>&lt;mount&gt;/sign/&lt;role&gt;</c>.
/// </summary>
/// <param name="Mount">The PKI secrets engine mount.</param>
/// <param name="Role">The PKI role.</param>
internal sealed record VaultCredentialName(string Mount, string Role)
{
    /// <summary>The scheme prefix of Vault credential names.</summary>
    public const string Prefix = "vault:";

    private const string RolesSegment = "/roles/";

    /// <summary>Whether <paramref name="credentialName"/> names a Vault role (starts with <c>vault:</c>).</summary>
    public static bool IsVault(string? credentialName) =>
        credentialName is not null && credentialName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a credential name; throws <see cref="InvalidDataException"/> when it is not <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>.</summary>
    public static VaultCredentialName Parse(string credentialName)
    {
        ArgumentNullException.ThrowIfNull(credentialName);
        var path = IsVault(credentialName) ? credentialName[Prefix.Length..].Trim('/') : "";
        var roles = path.LastIndexOf(RolesSegment, StringComparison.Ordinal);
        if (roles <= 0 || roles + RolesSegment.Length >= path.Length || path[(roles + RolesSegment.Length)..].Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"credential_name \"{credentialName}\" is not a Vault PKI role: write \"vault:<mount>/roles/<role>\", for example \"vault:pki/roles/shop-gateway\".");
        }

        return new VaultCredentialName(path[..roles], path[(roles + RolesSegment.Length)..]);
    }

    /// <inheritdoc />
    public override string ToString() => Prefix + Mount + RolesSegment + Role;
}
