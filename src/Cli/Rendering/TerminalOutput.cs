using Spectre.Console;

namespace Mesh.Cli.Rendering;

/// <summary>A Spectre console over meshctl's stdout: colour and styling on a terminal only, and never with NO_COLOR.</summary>
internal static class TerminalOutput
{
    public static IAnsiConsole Create(TextWriter stdout, CliEnvironment environment)
    {
        var isTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var colour = isTerminal && environment.Get("NO_COLOR") is null;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }
}
