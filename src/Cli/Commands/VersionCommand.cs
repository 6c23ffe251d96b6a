using System.CommandLine;
using System.Reflection;

namespace Mesh.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("version", "Print meshctl's version.");
        command.SetAction(_ =>
        {
            stdout.WriteLine($"meshctl {ProductVersion()}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string ProductVersion() =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
