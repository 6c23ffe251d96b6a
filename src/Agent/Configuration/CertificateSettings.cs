namespace Mesh.Agent.Configuration;

/// <summary>The <c>certificates</c> block.</summary>
public sealed class CertificateSettings
{
    /// <summary>The built-in CA of the controller.</summary>
    public const string BuiltinProvider = "builtin";

    /// <summary>Vault PKI.</summary>
    public const string VaultProvider = "vault";

    /// <summary><c>builtin</c> or <c>vault</c>.</summary>
    public string Provider { get; set; } = BuiltinProvider;

    /// <summary>The SPIFFE trust domain.</summary>
    public string TrustDomain { get; set; } = "mesh.local";

    /// <summary>The workload certificates' lifetime.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the trust bundle (CA roots) is re-read from the CA (<c>trust_bundle_refresh</c>); each renewal also re-reads it.</summary>
    public TimeSpan TrustBundleRefresh { get; set; } = TimeSpan.FromMinutes(5);
}
