using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Agent.Configuration;

/// <summary>Reads <c>agent.hcl</c> into <see cref="AgentOptions"/>, reporting every problem with its file and line.</summary>
public static class AgentConfigLoader
{
    private static readonly BodySchema s_root = new(
        [new("node_name"), new("data_dir"), new("outbound_traffic_policy"), new("locality")],
        [new("consul"), new("certificates"), new("controller"), new("vault"), new("nomad"), new("admin"), new("tls"), new("audit_log"), new("telemetry"), new("service", ["name"])]);

    private static readonly BodySchema s_tls = new([new("min_version")], []);
    private static readonly BodySchema s_auditLog = new([new("path", Required: true)], []);

    private static readonly BodySchema s_consul = new([new("address"), new("datacenter"), new("token")], []);
    private static readonly BodySchema s_certificates = new([new("provider"), new("trust_domain"), new("ttl"), new("trust_bundle_refresh")], []);
    private static readonly BodySchema s_controller = new([new("address"), new("token")], []);
    private static readonly BodySchema s_nomad = new([new("enabled"), new("address"), new("node_id"), new("token")], []);
    private static readonly BodySchema s_admin = new([new("address")], []);
    private static readonly BodySchema s_approle = new([new("role_id"), new("secret_id_file"), new("mount")], []);
    private static readonly BodySchema s_vault = new([new("address"), new("pki_mount"), new("role"), new("token")], [new("approle")]);

    private static readonly BodySchema s_service = new(
        [new("port", Required: true), new("address"), new("namespace"), new("tags"), new("meta"), new("inbound_port"), new("inbound_address"), new("advertise_address"), new("protocol")],
        [new("check"), new("upstream", ["host"])]);

    private static readonly BodySchema s_check = new([new("http"), new("interval")], []);
    private static readonly BodySchema s_upstream = new([new("local_port", Required: true), new("local_address"), new("protocol")], []);

    /// <summary>Reads and validates a configuration file; throws <see cref="AgentConfigException"/> naming file:line of each problem.</summary>
    public static AgentOptions LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Load([ReadFile(path)]);
    }

    private static HclFile ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new AgentConfigException($"{path}: cannot read the configuration: {e.Message}", []);
        }

        return HclParser.ParseFile(bytes, path);
    }

    /// <summary>
    /// Reads <paramref name="path"/> and then every <c>*.hcl</c> of the <c>agent.d</c> directory beside it (in
    /// ordinal name order), as one configuration: services may be declared in any file (a name only once);
    /// a setting in a later file overrides an earlier one. Throws <see cref="AgentConfigException"/> naming file:line of each problem.
    /// </summary>
    public static AgentOptions LoadFiles(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var files = new List<HclFile> { ReadFile(path) };
        var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", DropInDirectory);
        if (Directory.Exists(directory))
        {
            foreach (var dropIn in Directory.GetFiles(directory, "*.hcl").Order(StringComparer.Ordinal))
            {
                files.Add(ReadFile(dropIn));
            }
        }

        return Load(files);
    }

    /// <summary>The directory of drop-in files next to the main file, read by <see cref="LoadFiles"/>.</summary>
    public const string DropInDirectory = "agent.d";

    /// <summary>Reads and validates configuration text.</summary>
    public static AgentOptions Parse(string text, string filename) => Load([HclParser.ParseFile(text, filename)]);

    private static AgentOptions Load(IReadOnlyList<HclFile> files)
    {
        var diagnostics = new DiagnosticBag();
        var options = new AgentOptions();
        foreach (var file in files)
        {
            diagnostics.AddRange(file.Diagnostics);
            if (!file.Diagnostics.HasErrors)
            {
                Decode(file.Body, options, new HclValueReader(diagnostics));
            }
        }

        if (diagnostics.HasErrors)
        {
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var text = string.Join(Environment.NewLine, errors.Select(Describe));
            throw new AgentConfigException(text, errors);
        }

        return options;
    }

    /// <summary>One line per problem: <c>file:line:column: summary; detail</c>.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var where = diagnostic.Subject is { } s ? $"{s.Filename}:{s.Start.Line}:{s.Start.Column}: " : "";
        return diagnostic.Detail.Length > 0 ? $"{where}{diagnostic.Summary}: {diagnostic.Detail}" : $"{where}{diagnostic.Summary}";
    }

    private static void Decode(IBody body, AgentOptions options, HclValueReader read)
    {
        var root = body.Content(s_root, read.Diagnostics);
        options.NodeName = read.String(root, "node_name") ?? options.NodeName;
        options.DataDir = read.String(root, "data_dir") is { Length: > 0 } dataDir ? dataDir : options.DataDir;
        switch (read.String(root, "outbound_traffic_policy"))
        {
            case null or "allow_any":
                break;
            case "registry_only":
                options.OutboundTrafficPolicy = Mesh.Agent.Gateways.OutboundTrafficPolicy.RegistryOnly;
                break;
            default:
                read.Error(root.Attributes["outbound_traffic_policy"].Expression.Range, "outbound_traffic_policy must be \"allow_any\" or \"registry_only\".");
                break;
        }

        if (read.String(root, "locality") is { } locality)
        {
            options.Locality = locality.Trim();
            if (!ValidLocality(options.Locality))
            {
                read.Error(root.Attributes["locality"].Expression.Range, $"\"locality\" must be \"region/zone/subzone\" (zone and subzone optional), not \"{locality}\".");
            }
        }

        var seen = new Dictionary<string, HclBlock>(StringComparer.Ordinal);
        foreach (var block in root.Blocks)
        {
            if (block.Type != "service" && !seen.TryAdd(block.Type, block))
            {
                read.Error(block.DefRange, $"Only one \"{block.Type}\" block is allowed; the first is at line {seen[block.Type].DefRange.Start.Line}.");
                continue;
            }

            switch (block.Type)
            {
                case "consul":
                    var consul = block.Body.Content(s_consul, read.Diagnostics);
                    options.Consul.Address = read.Url(consul, "address") ?? options.Consul.Address;
                    options.Consul.Datacenter = read.String(consul, "datacenter") ?? "";
                    options.Consul.Token = read.String(consul, "token");
                    break;
                case "certificates":
                    DecodeCertificates(block, options.Certificates, read);
                    break;
                case "controller":
                    var controller = block.Body.Content(s_controller, read.Diagnostics);
                    options.Controller.Address = read.Url(controller, "address") ?? options.Controller.Address;
                    options.Controller.Token = read.String(controller, "token");
                    break;
                case "vault":
                    DecodeVault(block, options.Vault, read);
                    break;
                case "nomad":
                    var nomad = block.Body.Content(s_nomad, read.Diagnostics);
                    options.Nomad.Enabled = read.Bool(nomad, "enabled") ?? false;
                    options.Nomad.Address = read.Url(nomad, "address") ?? options.Nomad.Address;
                    options.Nomad.NodeId = read.String(nomad, "node_id") is { Length: > 0 } nodeId ? nodeId : null;
                    options.Nomad.Token = read.String(nomad, "token");
                    break;
                case "admin":
                    var admin = block.Body.Content(s_admin, read.Diagnostics);
                    options.AdminAddress = read.String(admin, "address") ?? options.AdminAddress;
                    ValidateAdmin(options.AdminAddress, admin, read);
                    break;
                case "tls":
                    var tls = block.Body.Content(s_tls, read.Diagnostics);
                    options.Tls.MinVersion = read.String(tls, "min_version") ?? options.Tls.MinVersion;
                    if (options.Tls.MinVersion is not ("1.2" or "1.3"))
                    {
                        read.Error(tls.Attributes["min_version"].Expression.Range, $"\"min_version\" must be \"1.2\" or \"1.3\", not \"{options.Tls.MinVersion}\".");
                    }

                    break;
                case "audit_log":
                    var audit = block.Body.Content(s_auditLog, read.Diagnostics);
                    options.AuditLog.Path = read.String(audit, "path") ?? options.AuditLog.Path;
                    if (audit.Attributes.TryGetValue("path", out var auditPath) && (options.AuditLog.Path.Length == 0 || !Path.IsPathFullyQualified(options.AuditLog.Path)))
                    {
                        read.Error(auditPath.Expression.Range, $"\"path\" must be an absolute file path such as \"/var/log/mesh/audit.log\", not \"{options.AuditLog.Path}\".");
                    }

                    break;
                case "telemetry":
                    TelemetryBlockDecoder.Decode(block, options.Telemetry, read);
                    break;
                case "service":
                    ServiceBlockDecoder.Decode(block, options, read, s_service, s_check, s_upstream);
                    break;
            }
        }
    }

    // "region", "region/zone" or "region/zone/subzone", each part non-empty and without spaces.
    private static bool ValidLocality(string locality)
    {
        if (locality.Length == 0)
        {
            return true;
        }

        var parts = locality.Split('/');
        return parts.Length <= 3 && parts.All(p => p.Length > 0 && !p.Any(char.IsWhiteSpace));
    }

    private static void DecodeCertificates(HclBlock block, CertificateSettings settings, HclValueReader read)
    {
        var content = block.Body.Content(s_certificates, read.Diagnostics);
        settings.Provider = read.String(content, "provider") ?? settings.Provider;
        if (settings.Provider is not (CertificateSettings.BuiltinProvider or CertificateSettings.VaultProvider))
        {
            read.Error(content.Attributes["provider"].Expression.Range, $"\"provider\" must be \"builtin\" or \"vault\", not \"{settings.Provider}\".");
        }

        settings.TrustDomain = read.String(content, "trust_domain") ?? settings.TrustDomain;
        if (settings.TrustDomain.Length == 0 || settings.TrustDomain.Contains('/', StringComparison.Ordinal))
        {
            read.Error(content.Attributes["trust_domain"].Expression.Range, "\"trust_domain\" must be a DNS-like name such as \"mesh.local\".");
        }

        settings.Ttl = read.Duration(content, "ttl") ?? settings.Ttl;
        settings.TrustBundleRefresh = read.Duration(content, "trust_bundle_refresh") ?? settings.TrustBundleRefresh;
        if (settings.TrustBundleRefresh <= TimeSpan.Zero)
        {
            read.Error(content.Attributes["trust_bundle_refresh"].Expression.Range, "\"trust_bundle_refresh\" must be a positive duration such as \"5m\".");
        }
    }

    private static void DecodeVault(HclBlock block, VaultSettings settings, HclValueReader read)
    {
        var content = block.Body.Content(s_vault, read.Diagnostics);
        settings.Address = read.Url(content, "address") ?? settings.Address;
        settings.PkiMount = read.String(content, "pki_mount") ?? settings.PkiMount;
        settings.Role = read.String(content, "role") ?? settings.Role;
        settings.Token = read.String(content, "token");
        foreach (var approleBlock in content.Blocks)
        {
            var approle = approleBlock.Body.Content(s_approle, read.Diagnostics);
            settings.AppRoleRoleId = read.String(approle, "role_id");
            settings.AppRoleSecretIdFile = read.String(approle, "secret_id_file");
            settings.AppRoleMount = read.String(approle, "mount") ?? settings.AppRoleMount;
        }
    }

    private static void ValidateAdmin(string address, BodyContent content, HclValueReader read)
    {
        if (address.Length == 0)
        {
            return;
        }

        try
        {
            _ = Mesh.Hosting.Admin.AdminEndpoints.ParseLoopbackAddress(address);
        }
        catch (FormatException e)
        {
            read.Error(content.Attributes["address"].Expression.Range, e.Message);
        }
    }
}
