using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;
using Mesh.Snapshots.Serialization;

namespace Mesh.Controller.Configuration;

/// <summary>Reads <c>controller.hcl</c> into <see cref="ControllerOptions"/>, naming file and line on errors.</summary>
public static class ControllerConfigLoader
{
    private static readonly BodySchema RootSchema = new(
        [new("data_dir"), new("log_level"), new("log_format"), new("instance_name"), new("rules_dir"), new("rules_poll_interval")],
        [new("api"), new("consul"), new("certificates"), new("admin"), new("tls")]);

    private static readonly Dictionary<string, BodySchema> BlockSchemas = new(StringComparer.Ordinal)
    {
        ["api"] = new([new("address"), new("token"), new("agent_token")], []),
        ["consul"] = new([new("address"), new("datacenter"), new("token"), new("leader_key"), new("session_ttl"), new("lock_delay")], []),
        ["certificates"] = new([new("provider"), new("trust_domain"), new("default_ttl"), new("max_ttl")], []),
        ["admin"] = new([new("address")], []),
        ["tls"] = new([new("cert_file", Required: true), new("key_file", Required: true), new("client_ca_file"), new("require_client_cert")], []),
    };

    /// <summary>Reads and validates the file, then applies <c>MESH_CONTROLLER_TOKEN</c>, <c>MESH_AGENT_TOKEN</c> and <c>CONSUL_HTTP_TOKEN</c>.</summary>
    /// <exception cref="ControllerConfigException">The file is missing or invalid.</exception>
    public static ControllerOptions Load(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerConfigException($"{path}: cannot read the configuration: {e.Message}", e);
        }

        return Parse(text, path, environment ?? Environment.GetEnvironmentVariable);
    }

    /// <summary>Parses configuration text.</summary>
    /// <exception cref="ControllerConfigException">The text is invalid.</exception>
    public static ControllerOptions Parse(string text, string filename, Func<string, string?> environment)
    {
        var file = HclParser.ParseFile(text, filename);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        ThrowOnErrors(diagnostics);
        var options = new ControllerOptions();
        var root = file.Body.Content(RootSchema, diagnostics);
        ThrowOnErrors(diagnostics);
        ReadString(root, "data_dir", diagnostics, v => options.DataDirectory = v);
        ReadString(root, "log_level", diagnostics, v => options.LogLevel = v);
        ReadString(root, "log_format", diagnostics, v => options.LogFormat = v);
        ReadString(root, "instance_name", diagnostics, v => options.InstanceName = v);
        ReadString(root, "rules_dir", diagnostics, v => options.RulesDirectory = v, "a directory", v => v.Length > 0);
        ReadString(root, "rules_poll_interval", diagnostics, v => options.RulesPollInterval = Duration(v), "a duration such as \"10s\"", IsDuration);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in root.Blocks)
        {
            if (!seen.Add(block.Type))
            {
                diagnostics.Error($"Duplicate {block.Type} block", $"Only one {block.Type} block is allowed.", block.DefRange);
                continue;
            }

            var content = block.Body.Content(BlockSchemas[block.Type], diagnostics);
            switch (block.Type)
            {
                case "api":
                    ReadString(content, "address", diagnostics, v => options.ApiAddress = v, "host:port", v => AddressParser.TryParse(v, out _));
                    ReadString(content, "token", diagnostics, v => options.OperatorToken = v);
                    ReadString(content, "agent_token", diagnostics, v => options.AgentToken = v);
                    break;
                case "consul":
                    ReadString(content, "address", diagnostics, v => options.ConsulAddress = new Uri(v, UriKind.Absolute), "an http(s) URL", s => Uri.TryCreate(s, UriKind.Absolute, out _));
                    ReadString(content, "datacenter", diagnostics, v => options.ConsulDatacenter = v.Length == 0 ? null : v);
                    ReadString(content, "token", diagnostics, v => options.ConsulToken = v);
                    ReadString(content, "leader_key", diagnostics, v => options.LeaderKey = v);
                    ReadString(content, "session_ttl", diagnostics, v => options.LeaderSessionTtl = Duration(v), "a duration from \"10s\" to \"24h\"", v => GoDuration.TryParse(v, out var d) && d >= TimeSpan.FromSeconds(10) && d <= TimeSpan.FromHours(24));
                    ReadString(content, "lock_delay", diagnostics, v => options.LeaderLockDelay = Duration(v), "a duration from \"0s\" to \"60s\"", v => GoDuration.TryParse(v, out var d) && d >= TimeSpan.Zero && d <= TimeSpan.FromSeconds(60));
                    break;
                case "certificates":
                    ReadString(content, "provider", diagnostics, v => options.CertificateProvider = v, "\"builtin\" or \"vault\"", v => v is "builtin" or "vault");
                    ReadString(content, "trust_domain", diagnostics, v => options.TrustDomain = v);
                    ReadString(content, "default_ttl", diagnostics, v => options.DefaultCertificateTtl = Duration(v), "a duration such as \"24h\"", IsDuration);
                    ReadString(content, "max_ttl", diagnostics, v => options.MaxCertificateTtl = Duration(v), "a duration such as \"72h\"", IsDuration);
                    break;
                case "tls":
                    var tls = new ControllerTlsOptions { CertFile = string.Empty, KeyFile = string.Empty };
                    ReadString(content, "cert_file", diagnostics, v => tls.CertFile = v, "a file path", v => v.Length > 0);
                    ReadString(content, "key_file", diagnostics, v => tls.KeyFile = v, "a file path", v => v.Length > 0);
                    ReadString(content, "client_ca_file", diagnostics, v => tls.ClientCaFile = v, "a file path", v => v.Length > 0);
                    ReadBool(content, "require_client_cert", diagnostics, v => tls.RequireClientCert = v);
                    if (tls.RequireClientCert && tls.ClientCaFile is null)
                    {
                        diagnostics.Error("Invalid require_client_cert", "require_client_cert needs client_ca_file.", block.DefRange);
                    }

                    options.Tls = tls;
                    break;
                case "admin":
                    ReadString(content, "address", diagnostics, v => options.AdminAddress = v, "a loopback host:port", v => AddressParser.TryParse(v, out var e) && System.Net.IPAddress.IsLoopback(e.Address));
                    break;
            }
        }

        ThrowOnErrors(diagnostics);
        options.OperatorToken = NonEmpty(environment("MESH_CONTROLLER_TOKEN")) ?? NonEmpty(options.OperatorToken);
        options.AgentToken = NonEmpty(environment("MESH_AGENT_TOKEN")) ?? NonEmpty(options.AgentToken);
        options.ConsulToken = NonEmpty(options.ConsulToken) ?? NonEmpty(environment("CONSUL_HTTP_TOKEN"));
        options.Validate(filename);
        return options;
    }

    private static void ReadString(
        BodyContent content,
        string name,
        DiagnosticBag diagnostics,
        Action<string> assign,
        string? expected = null,
        Func<string, bool>? valid = null)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return;
        }

        var value = attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);
        if (value.Kind != HclValueKind.String)
        {
            if (!value.IsNull)
            {
                diagnostics.Error($"Invalid {name}", $"{name} must be a string, not {value.KindName}.", attribute.Range);
            }

            return;
        }

        if (valid is not null && !valid(value.AsString))
        {
            diagnostics.Error($"Invalid {name}", $"{name} must be {expected}; got \"{value.AsString}\".", attribute.Range);
            return;
        }

        assign(value.AsString);
    }

    private static void ReadBool(BodyContent content, string name, DiagnosticBag diagnostics, Action<bool> assign)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return;
        }

        var value = attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);
        if (value.Kind == HclValueKind.Bool)
        {
            assign(value.AsBool);
        }
        else if (!value.IsNull)
        {
            diagnostics.Error($"Invalid {name}", $"{name} must be true or false, not {value.KindName}.", attribute.Range);
        }
    }

    private static bool IsDuration(string text) => GoDuration.TryParse(text, out var d) && d > TimeSpan.Zero;

    private static TimeSpan Duration(string text) => GoDuration.TryParse(text, out var d) ? d : TimeSpan.Zero;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void ThrowOnErrors(DiagnosticBag diagnostics)
    {
        var error = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is null)
        {
            return;
        }

        var where = error.Subject is { } s ? $"{s.Filename}:{s.Start.Line}: " : string.Empty;
        var detail = error.Detail.Length > 0 ? $": {error.Detail}" : string.Empty;
        throw new ControllerConfigException($"{where}{error.Summary}{detail}");
    }
}
