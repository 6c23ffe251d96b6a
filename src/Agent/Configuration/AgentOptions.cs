namespace Mesh.Agent.Configuration;

/// <summary>Everything <c>agent.hcl</c> configures; <see cref="AgentConfigLoader"/> reads it, <c>meshctl dev</c> may build it in code.</summary>
public sealed class AgentOptions
{
    /// <summary>The name this host reports under (<c>mesh/proxies/&lt;node&gt;/…</c>); empty means the host name.</summary>
    public string NodeName { get; set; } = "";

    /// <summary>Where the last good snapshots, endpoints and certificates are kept.</summary>
    public string DataDir { get; set; } = "/var/lib/mesh/agent";

    /// <summary>The Consul agent to use.</summary>
    public ConsulSettings Consul { get; set; } = new();

    /// <summary>Workload certificates.</summary>
    public CertificateSettings Certificates { get; set; } = new();

    /// <summary>The controller (its built-in CA).</summary>
    public ControllerSettings Controller { get; set; } = new();

    /// <summary>Vault PKI, when <see cref="CertificateSettings.Provider"/> is <c>vault</c>.</summary>
    public VaultSettings Vault { get; set; } = new();

    /// <summary>Meshing the tasks of this Nomad client node.</summary>
    public NomadSettings Nomad { get; set; } = new();

    /// <summary>The admin API's loopback address (<c>host:port</c>); empty disables it.</summary>
    public string AdminAddress { get; set; } = "127.0.0.1:15000";

    /// <summary>What gateways do with requests for hosts the mesh does not know (<c>outbound_traffic_policy</c>).</summary>
    public Mesh.Agent.Gateways.OutboundTrafficPolicy OutboundTrafficPolicy { get; set; } = Mesh.Agent.Gateways.OutboundTrafficPolicy.AllowAny;

    /// <summary>
    /// Where this host runs, <c>region/zone/subzone</c> (zone and subzone optional), for locality-aware load
    /// balancing; empty means unknown (every endpoint has the same priority).
    /// </summary>
    public string Locality { get; set; } = "";

    /// <summary>The TLS versions of every mTLS connection (<c>tls</c> block).</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>The audit log file (<c>audit_log</c> block).</summary>
    public AuditLogSettings AuditLog { get; set; } = new();

    /// <summary>Tracing and access logs of the agent's proxies (<c>telemetry</c> block).</summary>
    public TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>Services this host runs outside Nomad.</summary>
    public IList<LocalServiceOptions> Services { get; } = [];

    /// <summary>The node name to use: <see cref="NodeName"/>, or the machine name when empty.</summary>
    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName;
}
