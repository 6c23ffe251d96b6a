using Mesh.Agent.Configuration;

namespace Mesh.Agent.Tests.Observability;

/// <summary>The <c>telemetry</c> block of agent.hcl: defaults, values and errors at file:line.</summary>
public sealed class TelemetryConfigTests
{
    [Fact]
    public void Parse_NoTelemetryBlock_TracingOffAndAccessLogOff()
    {
        var options = AgentConfigLoader.Parse("node_name = \"a\"\n", "agent.hcl");

        Assert.Null(options.Telemetry.Tracing.ExportEndpoint);
        Assert.False(options.Telemetry.AccessLog.Enabled);
        Assert.Equal(1, options.Telemetry.Tracing.SamplingPercent);
    }

    [Fact]
    public void Parse_FullBlock_ReadsEverySetting()
    {
        var options = AgentConfigLoader.Parse("""
            telemetry {
              tracing {
                otlp_endpoint = "http://127.0.0.1:4318"
                protocol      = "http/protobuf"
                sampling      = 12.5
                service_name  = "edge"
              }
              access_log {
                enabled            = true
                path               = "/var/log/mesh/access.log"
                sample_percent     = 50
                min_status         = 400
                always_log_flagged = false
              }
            }
            """, "agent.hcl");

        var tracing = options.Telemetry.Tracing;
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/traces"), tracing.ExportEndpoint);
        Assert.Equal(12.5, tracing.SamplingPercent);
        Assert.Equal("edge", tracing.ServiceName);
        var log = options.Telemetry.AccessLog;
        Assert.True(log.Enabled);
        Assert.Equal("/var/log/mesh/access.log", log.Path);
        Assert.Equal(50, log.SamplePercent);
        Assert.Equal(400, log.MinimumStatus);
        Assert.False(log.AlwaysLogFlagged);
    }

    [Fact]
    public void Parse_GrpcProtocol_KeepsTheEndpointAsWritten()
    {
        var options = AgentConfigLoader.Parse("telemetry {\n  tracing {\n    otlp_endpoint = \"http://collector:4317\"\n    protocol = \"grpc\"\n  }\n}\n", "agent.hcl");

        Assert.Equal(new Uri("http://collector:4317"), options.Telemetry.Tracing.ExportEndpoint);
    }

    [Theory]
    [InlineData("tracing {\n    sampling = 150\n  }", "agent.hcl:4:", "\"sampling\" must be between 0 and 100")]
    [InlineData("tracing {\n    protocol = \"zipkin\"\n  }", "agent.hcl:4:", "\"protocol\" must be \"http/protobuf\" or \"grpc\"")]
    [InlineData("tracing {\n    otlp_endpoint = \"collector:4318\"\n  }", "agent.hcl:4:", "\"otlp_endpoint\" must be an http:// or https:// URL")]
    [InlineData("access_log {\n    path = \"relative.log\"\n  }", "agent.hcl:4:", "\"path\" must be an absolute file path")]
    [InlineData("access_log {\n    min_status = 700\n  }", "agent.hcl:4:", "\"min_status\" must be between 0 and 599")]
    [InlineData("access_log {\n    sample_percent = -1\n  }", "agent.hcl:4:", "\"sample_percent\" must be between 0 and 100")]
    [InlineData("access_log {\n    colour = true\n  }", "agent.hcl:4:", "colour")]
    public void Parse_InvalidSetting_ReportsFileAndLine(string block, string where, string message)
    {
        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Parse("\ntelemetry {\n  " + block + "\n}\n", "agent.hcl"));

        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
