using Mesh.Controller.Configuration;

namespace Mesh.Controller.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void Load_PackagedExample_ReadsEverySetting()
    {
        var path = Path.Combine(RepositoryRoot(), "packaging", "common", "controller.hcl");

        var options = ControllerConfigLoader.Load(path, _ => null);

        Assert.Equal("127.0.0.1:15010", options.ApiAddress);
        Assert.Equal("127.0.0.1:15001", options.AdminAddress);
        Assert.Equal(new Uri("http://127.0.0.1:8500"), options.ConsulAddress);
        Assert.Null(options.ConsulDatacenter);
        Assert.Equal("mesh/leader", options.LeaderKey);
        Assert.Equal("mesh.local", options.TrustDomain);
        Assert.Equal("/var/lib/mesh/controller", options.DataDirectory);
    }

    [Fact]
    public void Parse_TokensFromEnvironment_OverrideFile()
    {
        var environment = new Dictionary<string, string> { ["MESH_CONTROLLER_TOKEN"] = "from-env", ["MESH_AGENT_TOKEN"] = "agent-env" };

        var options = ControllerConfigLoader.Parse("api {\n  token = \"from-file\"\n}\n", "controller.hcl", environment.GetValueOrDefault);

        Assert.Equal(("from-env", "agent-env"), (options.OperatorToken, options.AgentToken));
    }

    [Fact]
    public void Parse_RulesDirTlsAndLeaderSession_ReadsThem()
    {
        const string text = """
            rules_dir = "/etc/mesh/rules.d"
            rules_poll_interval = "30s"
            consul {
              session_ttl = "10s"
              lock_delay = "1s"
            }
            tls {
              cert_file = "/etc/mesh/tls/controller.pem"
              key_file = "/etc/mesh/tls/controller-key.pem"
              client_ca_file = "/etc/mesh/tls/ca.pem"
              require_client_cert = true
            }
            """;

        var options = ControllerConfigLoader.Parse(text, "controller.hcl", _ => null);

        Assert.Equal(("/etc/mesh/rules.d", TimeSpan.FromSeconds(30)), (options.RulesDirectory, options.RulesPollInterval));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)), (options.LeaderSessionTtl, options.LeaderLockDelay));
        Assert.Equal(
            ("/etc/mesh/tls/controller.pem", "/etc/mesh/tls/controller-key.pem", "/etc/mesh/tls/ca.pem", true),
            (options.Tls!.CertFile, options.Tls.KeyFile, options.Tls.ClientCaFile, options.Tls.RequireClientCert));
    }

    [Fact]
    public void Parse_Defaults_NoRulesDirNoTls()
    {
        var options = ControllerConfigLoader.Parse(string.Empty, "controller.hcl", _ => null);

        Assert.Equal((null, TimeSpan.FromSeconds(10)), (options.RulesDirectory, options.RulesPollInterval));
        Assert.Null(options.Tls);
    }

    [Theory]
    [InlineData("\ntls {\n  cert_file = \"/c.pem\"\n}\n", "controller.hcl:4")]
    [InlineData("tls {\n  cert_file = \"/c.pem\"\n  key_file = \"/k.pem\"\n  require_client_cert = true\n}\n", "controller.hcl:1")]
    [InlineData("consul {\n  session_ttl = \"5s\"\n}\n", "controller.hcl:2")]
    [InlineData("\nrules_poll_interval = \"often\"\n", "controller.hcl:2")]
    [InlineData("api {\n  address = 15010\n}\n", "controller.hcl:2")]
    [InlineData("data_dir = \"/x\"\ncertificates {\n  max_ttl = \"forever\"\n}\n", "controller.hcl:3")]
    [InlineData("\n\nconsul {\n  adress = \"http://x\"\n}\n", "controller.hcl:4")]
    [InlineData("admin {\n  address = \"0.0.0.0:15001\"\n}\n", "controller.hcl:2")]
    public void Parse_InvalidSetting_NamesFileAndLine(string text, string where)
    {
        var error = Assert.Throws<ControllerConfigException>(() => ControllerConfigLoader.Parse(text, "controller.hcl", _ => null));

        Assert.StartsWith(where, error.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mesh.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Mesh.slnx not found above the test binaries.");
    }
}
