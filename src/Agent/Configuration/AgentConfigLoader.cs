using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Agent.Configuration;

/// <summary>Reads <c>agent.hcl</c> into <see cref="AgentOptions"/>, reporting every problem with its file and line.</summary>
public static class AgentConfigLoader
{
    private static readonly BodySchema s_root = new(
        [new("node_name"), new("data_dir"), new("outbound_traffic_policy")],
        [new("consul"), new("certificates"), new("controller"), new("vault"), new("nomad"), new("admin"), new("service", ["name"])]);

    private static readonly BodySchema s_consul = new([new("address"), new("datacenter"), new("token")], []);
    private static readonly BodySchema s_certificates = new([new("provider"), new("trust_domain"), new("ttl")], []);
    private static readonly BodySchema s_controller = new([new("address"), new("token")], []);
    private static readonly BodySchema s_nomad = new([new("enabled"), new("address"), new("token")], []);
    private static readonly BodySchema s_admin = new([new("address")], []);
    private static readonly BodySchema s_approle = new([new("role_id"), new("secret_id_file"), new("mount")], []);
    private static readonly BodySchema s_vault = new([new("address"), new("pki_mount"), new("role"), new("token")], [new("approle")]);

    private static readonly BodySchema s_service = new(
        [new("port", Required: true), new("address"), new("namespace"), new("tags"), new("meta"), new("inbound_port"), new("inbound_address"), new("advertise_address")],
        [new("check"), new("upstream", ["host"])]);

    private static readonly BodySchema s_check = new([new("http"), new("interval")], []);
    private static readonly BodySchema s_upstream = new([new("local_port", Required: true), new("local_address")], []);

    /// <summary>Reads and validates a configuration file; throws <see cref="AgentConfigException"/> naming file:line of each problem.</summary>
    public static AgentOptions LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new AgentConfigException($"{path}: cannot read the configuration: {e.Message}", []);
        }

        var file = HclParser.ParseFile(bytes, path);
        return Load(file);
    }

    /// <summary>Reads and validates configuration text.</summary>
    public static AgentOptions Parse(string text, string filename) => Load(HclParser.ParseFile(text, filename));

    private static AgentOptions Load(HclFile file)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        var options = new AgentOptions();
        if (!file.Diagnostics.HasErrors)
        {
            Decode(file.Body, options, new HclValueReader(diagnostics));
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
                    options.Nomad.Token = read.String(nomad, "token");
                    break;
                case "admin":
                    var admin = block.Body.Content(s_admin, read.Diagnostics);
                    options.AdminAddress = read.String(admin, "address") ?? options.AdminAddress;
                    ValidateAdmin(options.AdminAddress, admin, read);
                    break;
                case "service":
                    ServiceBlockDecoder.Decode(block, options, read, s_service, s_check, s_upstream);
                    break;
            }
        }
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
