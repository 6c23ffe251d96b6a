using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests;

public sealed class ControllerCommandTests
{
    [Fact]
    public async Task Status_ControllerNotListening_ExitsUnreachableWithHint()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var environment = new CliEnvironment(new Dictionary<string, string> { ["MESH_ADDR"] = $"http://127.0.0.1:{UnusedPort()}" });

        var exit = await MeshctlApp.RunAsync(["status"], stdout, stderr, environment);

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("cannot reach the controller", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("MESH_ADDR", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public async Task Get_AddressNotAUrl_ExitsUsage()
    {
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["get", "--addr", "controller:7700"], new StringWriter(), stderr, new CliEnvironment(new Dictionary<string, string>()));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is not an http:// or https:// URL", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownKind_ExitsUsageListingKinds()
    {
        var stderr = new StringWriter();
        var environment = new CliEnvironment(new Dictionary<string, string> { ["MESH_ADDR"] = $"http://127.0.0.1:{UnusedPort()}" });

        var exit = await MeshctlApp.RunAsync(["get", "routes"], new StringWriter(), stderr, environment);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Unknown resource kind \"routes\"", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("virtual_service", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_MissingFile_ExitsUsageNamingIt()
    {
        var stderr = new StringWriter();
        var environment = new CliEnvironment(new Dictionary<string, string> { ["MESH_ADDR"] = $"http://127.0.0.1:{UnusedPort()}" });

        var exit = await MeshctlApp.RunAsync(["apply", "-f", "/nonexistent/rules.hcl"], new StringWriter(), stderr, environment);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("\"/nonexistent/rules.hcl\" is neither a file nor a directory", stderr.ToString(), StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
