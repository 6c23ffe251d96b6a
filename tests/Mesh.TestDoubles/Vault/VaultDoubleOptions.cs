namespace Mesh.TestDoubles.Vault;

/// <summary>How a <see cref="VaultDouble"/> is set up: tokens, auth methods and one PKI mount.</summary>
public sealed class VaultDoubleOptions
{
    /// <summary>The root token (never expires, policy <c>root</c>).</summary>
    public string RootToken { get; set; } = "root";

    /// <summary>The AppRole credentials <c>auth/approle/login</c> accepts.</summary>
    public IList<VaultDoubleAppRole> AppRoles { get; } = [];

    /// <summary>The JWT logins <c>auth/&lt;mount&gt;/login</c> accepts.</summary>
    public IList<VaultDoubleJwtRole> JwtRoles { get; } = [];

    /// <summary>The path of the PKI secrets engine (default <c>pki</c>).</summary>
    public string PkiMount { get; set; } = "pki";

    /// <summary>The roles of the PKI mount.</summary>
    public IList<VaultDoublePkiRole> PkiRoles { get; } = [];

    /// <summary>The mount's max lease TTL (Vault's system default is 768 h); TTLs above it are capped.</summary>
    public TimeSpan PkiMaxLeaseTtl { get; set; } = TimeSpan.FromHours(768);

    /// <summary>The system max TTL of tokens (768 h by default in Vault).</summary>
    public TimeSpan SystemMaxTokenTtl { get; set; } = TimeSpan.FromHours(768);

    /// <summary>The clock for token expiry and certificate validity.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The port on 127.0.0.1 (0: any free port).</summary>
    public int Port { get; set; }

    /// <summary>When set (with its private key), the double serves HTTPS with this certificate instead of HTTP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>With <see cref="ServerCertificate"/>: refuse TLS clients that present no certificate (any certificate is accepted otherwise).</summary>
    public bool RequireClientCertificate { get; set; }
}
