using Mesh.Agent.Configuration;

namespace Mesh.Agent.Tests.Configuration;

public sealed class AgentConfigLoaderTests
{
    [Fact]
    public void Parse_PackagedExample_ReadsDefaults()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "packaging", "common", "agent.hcl"));

        var options = AgentConfigLoader.Parse(text, "agent.hcl");

        Assert.Equal("/var/lib/mesh/agent", options.DataDir);
        Assert.Equal(new Uri("http://127.0.0.1:8500"), options.Consul.Address);
        Assert.Equal("builtin", options.Certificates.Provider);
        Assert.Equal(TimeSpan.FromHours(24), options.Certificates.Ttl);
        Assert.False(options.Nomad.Enabled);
        Assert.Equal("127.0.0.1:15000", options.AdminAddress);
    }

    [Fact]
    public void Parse_ServiceBlock_ReadsPortsTagsMetaCheckAndUpstreams()
    {
        const string Text = """
            node_name = "host-1"
            service "web" {
              port         = 8080
              namespace    = "shop"
              tags         = ["a", "tier=front"]
              meta         = { version = "v2" }
              inbound_port = 21001
              check {
                http     = "http://127.0.0.1:8080/health"
                interval = "5s"
              }
              upstream "reviews" { local_port = 9001 }
              upstream "ratings" { local_port = 9002 }
            }
            """;

        var options = AgentConfigLoader.Parse(Text, "agent.hcl");

        var web = Assert.Single(options.Services);
        Assert.Equal(("web", 8080, "shop", 21001), (web.Name, web.Port, web.Namespace, web.InboundPort));
        Assert.Equal(["a", "tier=front"], web.Tags);
        Assert.Equal("v2", web.Meta["version"]);
        Assert.Equal("http://127.0.0.1:8080/health", web.CheckHttp);
        Assert.Equal(TimeSpan.FromSeconds(5), web.CheckInterval);
        Assert.Equal(["reviews:9001", "ratings:9002"], web.Upstreams.Select(u => u.Host + ":" + u.LocalPort));
        Assert.Equal("host-1", options.EffectiveNodeName);
    }

    [Theory]
    [InlineData("consul {\n  adress = \"x\"\n}\n", "agent.hcl:2:")]
    [InlineData("certificates {\n  provider = \"acme\"\n}\n", "agent.hcl:2:")]
    [InlineData("\n\nservice \"web\" {\n  port = 70000\n}\n", "agent.hcl:4:")]
    [InlineData("service \"web\" {\n  port = 80\n  upstream \"a\" { local_port = 9001 }\n  upstream \"b\" { local_port = 9001 }\n}\n", "agent.hcl:4:")]
    [InlineData("admin {\n  address = \"0.0.0.0:15000\"\n}\n", "agent.hcl:2:")]
    [InlineData("certificates {\n  ttl = \"soon\"\n}\n", "agent.hcl:2:")]
    [InlineData("service \"web\" {\n}\n", "agent.hcl:")]
    [InlineData("consul {\n  address = \n", "agent.hcl:")]
    public void Parse_InvalidConfiguration_ErrorNamesFileAndLine(string text, string expectedLocation)
    {
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Parse(text, "agent.hcl"));

        Assert.Contains(expectedLocation, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.Diagnostics);
    }

    [Fact]
    public void LoadFile_Missing_ErrorNamesFile()
    {
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.LoadFile("/nonexistent/agent.hcl"));

        Assert.Contains("/nonexistent/agent.hcl", error.Message, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Mesh.slnx")))
        {
            directory = Path.GetDirectoryName(directory)!;
        }

        return directory;
    }
}
