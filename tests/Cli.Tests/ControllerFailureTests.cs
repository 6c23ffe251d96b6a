using Microsoft.AspNetCore.Http;

namespace Mesh.Cli.Tests;

public sealed class ControllerFailureTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("get")]
    [InlineData("delete virtual_service reviews")]
    public async Task Command_ControllerNotListening_PrintsOneLineAndExitsUnreachable(string commandLine)
    {
        var closed = MeshctlRun.ClosedAddress();

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = closed }, commandLine.Split(' '));

        Assert.Equal(ExitCodes.Unreachable, run.Exit);
        Assert.Equal(
            $"meshctl: cannot reach the controller at {closed}: connection refused (set --addr, MESH_ADDR or address in ~/.config/mesh/meshctl.hcl)",
            run.Stderr.TrimEnd());
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Status_NoToken_SaysATokenIsRequiredAndExitsUnauthorized()
    {
        await using var stub = await StubController.StartAsync();

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = stub.Display }, "status");

        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.StartsWith($"meshctl: the controller at {stub.Display} requires a token", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("MESH_TOKEN", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WrongToken_SaysTheTokenWasRefused()
    {
        await using var stub = await StubController.StartAsync();

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = stub.Display, ["MESH_TOKEN"] = "wrong" }, "status");

        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.StartsWith($"meshctl: the controller at {stub.Display} refused the token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ControllerAnswers503_SaysTheControllerCannotReachConsul()
    {
        await using var stub = await StubController.StartAsync();

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = stub.Display, ["MESH_TOKEN"] = StubController.GoodToken }, "get");

        Assert.Equal(ExitCodes.Unreachable, run.Exit);
        Assert.Equal($"meshctl: the controller at {stub.Display} cannot reach Consul: connection refused", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Get_ControllerAnswers500_ExitsControllerError()
    {
        await using var stub = await StubController.StartAsync(StatusCodes.Status500InternalServerError);

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = stub.Display, ["MESH_TOKEN"] = StubController.GoodToken }, "get");

        Assert.Equal(ExitCodes.ControllerError, run.Exit);
        Assert.Equal($"meshctl: the controller at {stub.Display} answered 500: something broke", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Status_HttpsControllerWithCaFileInConfig_TrustsThatCa()
    {
        using var certificates = TestCertificates.Create();
        await using var stub = await StubController.StartAsync(certificate: certificates.Server);
        using var directory = new TempDirectory();
        directory.Write("ca.pem", certificates.CaPem);
        var config = directory.Write("meshctl.hcl", $"address = \"{stub.Display}\"\nca_file = \"ca.pem\"\n");

        var run = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = config }, "status");

        // Reaching the token check proves the TLS handshake succeeded against the private CA.
        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.StartsWith($"meshctl: the controller at {stub.Display} requires a token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_HttpsControllerWithoutCaFile_ExitsUnreachableNamingTls()
    {
        using var certificates = TestCertificates.Create();
        await using var stub = await StubController.StartAsync(certificate: certificates.Server);

        var run = await MeshctlRun.RunAsync(new() { ["MESH_ADDR"] = stub.Display }, "status");

        Assert.Equal(ExitCodes.Unreachable, run.Exit);
        Assert.StartsWith($"meshctl: cannot reach the controller at {stub.Display}: TLS failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ca_file", run.Stderr, StringComparison.Ordinal);
    }
}
