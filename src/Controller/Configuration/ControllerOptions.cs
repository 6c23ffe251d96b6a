namespace Mesh.Controller.Configuration;

/// <summary>The controller's settings, from <c>/etc/mesh/controller.hcl</c> and the environment.</summary>
public sealed class ControllerOptions
{
    /// <summary>Where the rules API listens (<c>host:port</c>, port 0 for any).</summary>
    public string ApiAddress { get; set; } = "127.0.0.1:15010";

    /// <summary>Where the admin endpoints (health, metrics) listen; loopback only; null for none.</summary>
    public string? AdminAddress { get; set; } = "127.0.0.1:15001";

    /// <summary>The Consul HTTP API.</summary>
    public Uri ConsulAddress { get; set; } = new("http://127.0.0.1:8500");

    /// <summary>The Consul datacenter; the agent's own when null.</summary>
    public string? ConsulDatacenter { get; set; }

    /// <summary>The Consul ACL token.</summary>
    public string? ConsulToken { get; set; }

    /// <summary>The key replicas lock to elect a leader.</summary>
    public string LeaderKey { get; set; } = "mesh/leader";

    /// <summary>The certificate provider agents use; the built-in CA answers <c>/v1/ca/*</c> only when <c>builtin</c>.</summary>
    public string CertificateProvider { get; set; } = "builtin";

    /// <summary>The SPIFFE trust domain.</summary>
    public string TrustDomain { get; set; } = "mesh.local";

    /// <summary>The controller's state directory (the built-in CA's key lives here); null keeps the CA in memory.</summary>
    public string? DataDirectory { get; set; } = "/var/lib/mesh/controller";

    /// <summary>The token operators (<c>meshctl</c>) present; everything is allowed with it.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>The token agents present; allowed for <c>/v1/ca/*</c> and reads.</summary>
    public string? AgentToken { get; set; }

    /// <summary>The lifetime of a workload certificate when the request names none.</summary>
    public TimeSpan DefaultCertificateTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest lifetime the CA signs.</summary>
    public TimeSpan MaxCertificateTtl { get; set; } = TimeSpan.FromHours(72);

    /// <summary>This replica's name, as <c>meshctl status</c> shows the leader.</summary>
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>The log format: <c>auto</c>, <c>json</c> or <c>text</c>.</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>The minimum log level.</summary>
    public string LogLevel { get; set; } = "info";

    /// <summary>The TTL of the leader election's Consul session (10 s to 24 h); a crashed leader is replaced within about twice this.</summary>
    public TimeSpan LeaderSessionTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader session's lock delay: how long after a crash nobody may take the lock.</summary>
    public TimeSpan LeaderLockDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A directory of rule files the leader reconciles continuously (GitOps); null for none.</summary>
    public string? RulesDirectory { get; set; }

    /// <summary>How often the leader re-reads <see cref="RulesDirectory"/>.</summary>
    public TimeSpan RulesPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTPS for the API listener; null serves plain HTTP.</summary>
    public ControllerTlsOptions? Tls { get; set; }

    /// <summary>The clock (tests replace it).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>True when the built-in CA serves <c>/v1/ca/*</c>.</summary>
    public bool BuiltInCa => string.Equals(CertificateProvider, "builtin", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ControllerConfigException"/> naming the first invalid setting.</summary>
    /// <param name="source">The configuration file, for the message.</param>
    public void Validate(string source = "controller options")
    {
        Require(AddressParser.TryParse(ApiAddress, out _), source, $"api.address \"{ApiAddress}\" is not host:port.");
        if (AdminAddress is not null)
        {
            Require(AddressParser.TryParse(AdminAddress, out var admin) && System.Net.IPAddress.IsLoopback(admin!.Address), source, $"admin.address \"{AdminAddress}\" must be a loopback host:port.");
        }

        Require(ConsulAddress.IsAbsoluteUri && (ConsulAddress.Scheme == Uri.UriSchemeHttp || ConsulAddress.Scheme == Uri.UriSchemeHttps), source, $"consul.address \"{ConsulAddress}\" must be an http(s) URL.");
        Require(!string.IsNullOrWhiteSpace(LeaderKey) && !LeaderKey.StartsWith('/'), source, "consul.leader_key must be a KV key without a leading '/'.");
        Require(CertificateProvider is "builtin" or "vault", source, $"certificates.provider \"{CertificateProvider}\" must be \"builtin\" or \"vault\".");
        Require(!string.IsNullOrWhiteSpace(TrustDomain) && !TrustDomain.Contains('/', StringComparison.Ordinal), source, $"certificates.trust_domain \"{TrustDomain}\" is not a trust domain.");
        Require(DefaultCertificateTtl > TimeSpan.Zero && MaxCertificateTtl >= DefaultCertificateTtl, source, "certificates.default_ttl must be positive and at most certificates.max_ttl.");
        Require(LogFormat is "auto" or "json" or "text", source, $"log_format \"{LogFormat}\" must be auto, json or text.");
        Require(LeaderSessionTtl >= TimeSpan.FromSeconds(10) && LeaderSessionTtl <= TimeSpan.FromHours(24), source, "consul.session_ttl must be between 10s and 24h.");
        Require(LeaderLockDelay >= TimeSpan.Zero && LeaderLockDelay <= TimeSpan.FromSeconds(60), source, "consul.lock_delay must be between 0s and 60s.");
        Require(RulesDirectory is null || RulesDirectory.Length > 0, source, "rules_dir must not be empty.");
        Require(RulesPollInterval > TimeSpan.Zero, source, "rules_poll_interval must be positive.");
        Require(Tls is null || (!string.IsNullOrEmpty(Tls.CertFile) && !string.IsNullOrEmpty(Tls.KeyFile)), source, "tls needs cert_file and key_file.");
        Require(Tls is null || !Tls.RequireClientCert || Tls.ClientCaFile is not null, source, "tls.require_client_cert needs tls.client_ca_file.");
        Require(OperatorToken is null || AgentToken is null || !string.Equals(OperatorToken, AgentToken, StringComparison.Ordinal), source, "The operator and agent tokens must differ.");
    }

    private static void Require(bool condition, string source, string message)
    {
        if (!condition)
        {
            throw new ControllerConfigException($"{source}: {message}");
        }
    }
}
