using Mesh.Agent.Configuration;

namespace Mesh.Agent.Tests.Configuration;

/// <summary>The data-plane settings of agent.hcl: protocols, locality, TLS versions and the audit file.</summary>
public sealed class AgentConfigDataPlaneTests
{
    [Fact]
    public void Parse_DataPlaneSettings_ReadsProtocolsLocalityTlsAndAuditLog()
    {
        const string Text = """
            locality = "us-west/zone1/rack3"
            tls { min_version = "1.2" }
            audit_log { path = "/var/log/mesh/audit.log" }
            service "mysql" {
              port     = 3306
              protocol = "tcp"
            }
            service "web" {
              port = 8080
              upstream "mysql" {
                local_port = 13306
                protocol   = "tcp"
              }
              upstream "api" { local_port = 9001 }
            }
            """;

        var options = AgentConfigLoader.Parse(Text, "agent.hcl");

        Assert.Equal("us-west/zone1/rack3", options.Locality);
        Assert.Equal("1.2", options.Tls.MinVersion);
        Assert.Equal("/var/log/mesh/audit.log", options.AuditLog.Path);
        Assert.Equal(ListenerProtocol.Tcp, options.Services[0].Protocol);
        Assert.Equal(ListenerProtocol.Http, options.Services[1].Protocol);
        Assert.Equal(ListenerProtocol.Tcp, options.Services[1].Upstreams[0].Protocol);
        Assert.Equal(ListenerProtocol.Http, options.Services[1].Upstreams[1].Protocol);
    }

    [Fact]
    public void Parse_NoDataPlaneSettings_DefaultsToTls13HttpAndNoLocality()
    {
        var options = AgentConfigLoader.Parse("service \"web\" { port = 8080 }", "agent.hcl");

        Assert.Equal("1.3", options.Tls.MinVersion);
        Assert.Equal("", options.Locality);
        Assert.Equal("", options.AuditLog.Path);
        Assert.Equal(ListenerProtocol.Http, options.Services[0].Protocol);
    }

    [Theory]
    [InlineData("tls {\n  min_version = \"1.1\"\n}", "agent.hcl:2:", "\"min_version\" must be \"1.2\" or \"1.3\"")]
    [InlineData("\nlocality = \"a/b/c/d\"", "agent.hcl:2:", "\"locality\" must be \"region/zone/subzone\"")]
    [InlineData("audit_log { path = \"audit.log\" }", "agent.hcl:1:", "must be an absolute file path")]
    [InlineData("service \"db\" {\n  port = 5432\n  protocol = \"udp\"\n}", "agent.hcl:3:", "\"protocol\" must be \"http\" or \"tcp\"")]
    [InlineData("service \"web\" {\n  port = 80\n  upstream \"db\" {\n    local_port = 5432\n    protocol = \"mongo\"\n  }\n}", "agent.hcl:5:", "\"protocol\" must be \"http\" or \"tcp\"")]
    public void Parse_BadDataPlaneSetting_ErrorNamesFileAndLine(string text, string where, string message)
    {
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Parse(text, "agent.hcl"));

        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
