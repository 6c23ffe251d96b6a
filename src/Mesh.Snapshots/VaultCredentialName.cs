namespace Mesh.Snapshots;

/// <summary>
/// A <c>credential_name</c> naming a Vault PKI role, in gateway servers and destination rules:
/// <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c> (<c>vault:pki/roles/shop-gateway</c> is mount <c>pki</c>, role
/// <c>shop-gateway</c>; mounts may be nested, <c>vault:pki/int/roles/shop</c>). The certificate is signed by
/// <c>&lt;mount&gt;/sign/&lt;role&gt;</c>. Validation and the agent read the name with the same parser.
/// </summary>
/// <param name="Mount">The PKI secrets engine mount.</param>
/// <param name="Role">The PKI role.</param>
public sealed record VaultCredentialName(string Mount, string Role)
{
    /// <summary>The scheme prefix of Vault credential names.</summary>
    public const string Prefix = "vault:";

    private const string RolesSegment = "/roles/";

    /// <summary>Whether <paramref name="credentialName"/> names a Vault role (starts with <c>vault:</c>).</summary>
    public static bool IsVault(string? credentialName) =>
        credentialName is not null && credentialName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>: a non-empty mount and a role without slashes.</summary>
    /// <param name="credentialName">The name as written.</param>
    /// <param name="name">The mount and role, when the name has that form.</param>
    public static bool TryParse(string? credentialName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VaultCredentialName? name)
    {
        name = null;
        var path = IsVault(credentialName) ? credentialName![Prefix.Length..].Trim('/') : "";
        var roles = path.LastIndexOf(RolesSegment, StringComparison.Ordinal);
        if (roles <= 0 || roles + RolesSegment.Length >= path.Length || path[(roles + RolesSegment.Length)..].Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        name = new VaultCredentialName(path[..roles], path[(roles + RolesSegment.Length)..]);
        return true;
    }

    /// <summary>Parses a credential name; throws <see cref="InvalidDataException"/> when it is not <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>.</summary>
    /// <param name="credentialName">The name as written.</param>
    public static VaultCredentialName Parse(string credentialName)
    {
        ArgumentNullException.ThrowIfNull(credentialName);
        return TryParse(credentialName, out var name)
            ? name
            : throw new InvalidDataException(
                $"credential_name \"{credentialName}\" is not a Vault PKI role: write \"vault:<mount>/roles/<role>\", for example \"vault:pki/roles/shop-gateway\".");
    }

    /// <inheritdoc />
    public override string ToString() => Prefix + Mount + RolesSegment + Role;
}
