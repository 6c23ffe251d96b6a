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

    [Theory]
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
