namespace Mesh.Cli.Tests;

public sealed class FmtCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meshctl-fmt-").FullName;

    [Fact]
    public async Task Fmt_UnformattedFile_RewritesItAndListsIt()
    {
        var path = Write("rules.hcl", "virtual_service \"r\" {\nhosts=[\"r\"]\n  gateways   =   [\"mesh\"]\n}\n");
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["fmt", _dir], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(path + Environment.NewLine, stdout.ToString());
        Assert.Equal("virtual_service \"r\" {\n  hosts    = [\"r\"]\n  gateways = [\"mesh\"]\n}\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task FmtCheck_UnformattedFile_ExitsOneAndWritesNothing()
    {
        const string source = "a   =  1\n";
        var path = Write("a.hcl", source);

        var exit = await MeshctlApp.RunAsync(["fmt", "--check", "--diff", path], new StringWriter(), new StringWriter());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(source, File.ReadAllText(path));
    }

    [Fact]
    public async Task Fmt_FormattedFile_IsLeftAloneAndNotListed()
    {
        var path = Write("ok.hcl", "a = 1\n");
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["fmt", "--check", path], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public async Task Fmt_SyntaxError_ShowsTheLineAndKeepsTheFile()
    {
        const string source = "a = [1 2]\n";
        var path = Write("bad.hcl", source);
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["fmt", path], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("Missing item separator", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 1", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(source, File.ReadAllText(path));
    }

    [Fact]
    public async Task Fmt_Stdin_WritesFormattedTextToStdout()
    {
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["fmt", "-"], stdout, new StringWriter(), stdin: new StringReader("b {\nc=2\n}\n"));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("b {\n  c = 2\n}\n", stdout.ToString());
    }

    [Fact]
    public async Task Fmt_MissingPath_ExitsUsage()
    {
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["fmt", Path.Combine(_dir, "nope.hcl")], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("neither a file nor a directory", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
