using System.CommandLine;
using Mesh.Cli.Commands;
using Mesh.Cli.Connection;

namespace Mesh.Cli;

/// <summary>Builds the meshctl command tree and runs one command line.</summary>
public static class MeshctlApp
{
    public static RootCommand BuildRootCommand(TextWriter stdout, TextWriter stderr, CliEnvironment? environment = null, TextReader? stdin = null)
    {
        environment ??= CliEnvironment.Process;
        var root = new RootCommand("meshctl: drive the mesh. Validate, format and apply rules; inspect proxies.");
        root.Options.Add(ControllerConnection.AddressOption);
        root.Options.Add(ControllerConnection.TokenOption);
        root.Options.Add(ControllerConnection.ConfigOption);
        root.Options.Add(ControllerConnection.ContextOption);
        root.Subcommands.Add(VersionCommand.Create(stdout));
        root.Subcommands.Add(ApplyCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(DiffCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(GetCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(DeleteCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(StatusCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(ProxyConfigCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(FmtCommand.Create(stdout, stderr, stdin ?? Console.In));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr));
        root.Subcommands.Add(ConvertCommand.Create(stdout, stderr));
        root.Subcommands.Add(Dev.DevCommand.Create(stdout, stderr));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment? environment = null, TextReader? stdin = null)
    {
        var root = BuildRootCommand(stdout, stderr, environment, stdin);
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
