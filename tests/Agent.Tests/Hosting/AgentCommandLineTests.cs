using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;

namespace Mesh.Agent.Tests.Hosting;

/// <summary>mesh-agent's commands and flags, run without starting a host.</summary>
public sealed class AgentCommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mesh-agent-cli-" + Guid.NewGuid().ToString("N"));
    private readonly List<(string ConfigPath, string? Gateway, int Services)> _runs = [];

    public AgentCommandLineTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Config(string text)
    {
        var path = Path.Combine(_directory, "agent.hcl");
        File.WriteAllText(path, text);
        return path;
    }

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int Code, string Out, string Err)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AgentCommandLine.RunAsync(
            args,
            stdout,
            stderr,
            (AgentOptions options, string path, string? gateway, CancellationToken _) =>
            {
                _runs.Add((path, gateway, options.Services.Count));
                return Task.CompletedTask;
            },
            name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task Version_PrintsAgentVersion(string argument)
    {
        var (code, output, _) = await RunAsync(argument);

        Assert.Equal(0, code);
        Assert.Equal($"mesh-agent {AgentHost.Version}", output.Trim());
    }

    [Fact]
    public async Task Validate_ValidFile_PrintsServiceCount()
    {
        var path = Config("service \"web\" {\n  port = 8080\n}\n");

        var (code, output, _) = await RunAsync("validate", "--config", path);

        Assert.Equal(0, code);
        Assert.Equal($"{path}: valid (1 services)", output.Trim());
    }

    [Fact]
    public async Task Validate_InvalidFile_Exit1WithFileLine()
    {
        var path = Config("service \"web\" {\n  port = \"x\"\n}\n");

        var (code, _, error) = await RunAsync("validate", "--config", path);

        Assert.Equal(1, code);
        Assert.Contains("agent.hcl:2:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ValidFile_StartsAgentHost()
    {
        var path = Config("service \"web\" {\n  port = 8080\n}\n");

        var (code, _, _) = await RunAsync("run", "--config", path);

        Assert.Equal(0, code);
        Assert.Equal((path, (string?)null, 1), Assert.Single(_runs));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("gateway")]
    public async Task Run_UnknownProxyTransport_Exit1NamingTheVariable_WithoutStarting(string command)
    {
        var path = Config("service \"web\" {\n  port = 8080\n}\n");
        string[] args = command == "run" ? ["run", "--config", path] : ["gateway", "--name", "ingress", "--config", path];

        var (code, _, error) = await RunAsync(new Dictionary<string, string> { ["MESH_PROXY_TRANSPORT"] = "uring" }, args);

        Assert.Equal(1, code);
        Assert.Equal("mesh-agent: MESH_PROXY_TRANSPORT=uring: expected \"epoll\" or \"sockets\"", error.Trim());
        Assert.Empty(_runs);
    }

    [Fact]
    public async Task Run_SocketsTransport_Starts()
    {
        var path = Config("service \"web\" {\n  port = 8080\n}\n");

        var (code, _, _) = await RunAsync(new Dictionary<string, string> { ["MESH_PROXY_TRANSPORT"] = "sockets" }, "run", "--config", path);

        Assert.Equal(0, code);
        Assert.Single(_runs);
    }

    [Fact]
    public async Task Gateway_WithName_StartsGateway()
    {
        var path = Config("");

        var (code, _, _) = await RunAsync("gateway", "--name", "ingress", "--config", path);

        Assert.Equal(0, code);
        Assert.Equal((path, "ingress", 0), Assert.Single(_runs));
    }

    [Fact]
    public async Task Gateway_WithoutName_UsageError()
    {
        var (code, _, error) = await RunAsync("gateway", "--config", Config(""));

        Assert.Equal(2, code);
        Assert.Contains("--name", error, StringComparison.Ordinal);
        Assert.Empty(_runs);
    }

    [Fact]
    public async Task UnknownCommand_UsageError()
    {
        var (code, _, error) = await RunAsync("frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("usage: mesh-agent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_PrintsUsage()
    {
        var (code, _, error) = await RunAsync();

        Assert.Equal(0, code);
        Assert.Contains("usage: mesh-agent", error, StringComparison.Ordinal);
    }
}
