namespace Mesh.Cli.Tests;

public sealed class VersionCommandTests
{
    [Fact]
    public async Task Version_Always_PrintsProductVersion()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["version"], stdout, stderr);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Matches(@"^meshctl \d+\.\d+\.\d+", stdout.ToString());
    }

    [Fact]
    public async Task UnknownCommand_Always_FailsWithUsageError()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["no-such-command"], stdout, stderr);

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains("no-such-command", stderr.ToString());
    }
}
