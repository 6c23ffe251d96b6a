namespace Mesh.Cli.Tests;

public sealed class ConfigFileTests
{
    [Fact]
    public async Task Status_AddressOnlyInConfigFile_UsesIt()
    {
        await using var stub = await StubController.StartAsync();
        using var home = new TempDirectory();
        home.Write(".config/mesh/meshctl.hcl", $"address = \"{stub.Display}\"\n");

        var run = await MeshctlRun.RunAsync(new() { ["HOME"] = home.Path }, "status");

        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.Contains($"the controller at {stub.Display}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EnvironmentAndConfigFile_EnvironmentWins()
    {
        await using var stub = await StubController.StartAsync();
        using var home = new TempDirectory();
        home.Write(".config/mesh/meshctl.hcl", $"address = \"{MeshctlRun.ClosedAddress()}\"\n");

        var run = await MeshctlRun.RunAsync(new() { ["HOME"] = home.Path, ["MESH_ADDR"] = stub.Display }, "status");

        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.Contains($"the controller at {stub.Display}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_FlagEnvironmentAndConfigFile_FlagWins()
    {
        await using var stub = await StubController.StartAsync();
        using var home = new TempDirectory();
        home.Write(".config/mesh/meshctl.hcl", $"address = \"{MeshctlRun.ClosedAddress()}\"\n");

        var run = await MeshctlRun.RunAsync(
            new() { ["HOME"] = home.Path, ["MESH_ADDR"] = MeshctlRun.ClosedAddress() },
            "status", "--addr", stub.Display);

        Assert.Equal(ExitCodes.Unauthorized, run.Exit);
        Assert.Contains($"the controller at {stub.Display}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TokenFileInConfig_IsSentAndEnvironmentTokenBeatsIt()
    {
        await using var stub = await StubController.StartAsync();
        using var directory = new TempDirectory();
        directory.Write("secrets/token", StubController.GoodToken + "\n");
        var config = directory.Write("meshctl.hcl", $"address    = \"{stub.Display}\"\ntoken_file = \"secrets/token\"\n");

        var fromFile = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = config }, "get");
        var fromEnvironment = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = config, ["MESH_TOKEN"] = "wrong" }, "get");

        Assert.Contains("cannot reach Consul", fromFile.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unauthorized, fromEnvironment.Exit);
    }

    [Fact]
    public async Task Status_XdgConfigHome_IsWhereTheFileIsRead()
    {
        await using var stub = await StubController.StartAsync();
        using var xdg = new TempDirectory();
        xdg.Write("mesh/meshctl.hcl", $"address = \"{stub.Display}\"\n");

        var run = await MeshctlRun.RunAsync(new() { ["XDG_CONFIG_HOME"] = xdg.Path, ["HOME"] = "/nonexistent" }, "status");

        Assert.Contains($"the controller at {stub.Display}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ContextsInConfig_CurrentContextAndContextFlagSelect()
    {
        await using var stub = await StubController.StartAsync();
        var closed = MeshctlRun.ClosedAddress();
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", $$"""
            current_context = "prod"

            context "prod" {
              address = "{{stub.Display}}"
            }

            context "staging" {
              address = "{{closed}}"
            }
            """);

        var current = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = config }, "status");
        var flagged = await MeshctlRun.RunAsync([], "status", "--config", config, "--context", "staging");

        Assert.Contains($"the controller at {stub.Display}", current.Stderr, StringComparison.Ordinal);
        Assert.StartsWith($"meshctl: cannot reach the controller at {closed}", flagged.Stderr, StringComparison.Ordinal);
        Assert.Contains($"address in {config}", flagged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownContext_ExitsUsageListingContexts()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", "context \"prod\" {\n  address = \"http://127.0.0.1:1\"\n}\n");

        var run = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONTEXT"] = "qa" }, "status", "--config", config);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Equal($"meshctl: MESHCTL_CONTEXT: context \"qa\" is not defined in {config} (it defines \"prod\").", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Status_UnknownAttribute_ExitsUsageNamingFileLineAndAttribute()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", "# meshctl\ntoken  = \"x\"\nadress = \"http://127.0.0.1:1\"\n");

        var run = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = config }, "status");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.StartsWith($"meshctl: {config}:3: Unsupported argument", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"adress\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"address\"?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AddressNotAUrlInConfig_ExitsUsageNamingFileAndLine()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", "\naddress = \"controller:15010\"\n");

        var run = await MeshctlRun.RunAsync([], "get", "--config", config);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.StartsWith($"meshctl: {config}:2: Invalid address", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TokenAndTokenFileBoth_ExitsUsage()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", "token = \"a\"\ntoken_file = \"t\"\n");

        var run = await MeshctlRun.RunAsync([], "get", "--config", config);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.StartsWith($"meshctl: {config}:2: Conflicting token settings", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NamedConfigFileMissing_ExitsUsage()
    {
        var run = await MeshctlRun.RunAsync(new() { ["MESHCTL_CONFIG"] = "/nonexistent/meshctl.hcl" }, "get");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Equal("meshctl: /nonexistent/meshctl.hcl: the configuration file does not exist.", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Get_CaFileMissing_ExitsUsageNamingTheSetting()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("meshctl.hcl", "address = \"https://127.0.0.1:1\"\nca_file = \"missing.pem\"\n");

        var run = await MeshctlRun.RunAsync([], "get", "--config", config);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.StartsWith($"meshctl: {config}:2: cannot read the CA file", run.Stderr, StringComparison.Ordinal);
    }
}
