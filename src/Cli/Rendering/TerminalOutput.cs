using Spectre.Console;

namespace Mesh.Cli.Rendering;

/// <summary>A Spectre console over meshctl's stdout: colour and styling on a terminal only, and never with NO_COLOR.</summary>
internal static class TerminalOutput
{
    /// <summary>Whether ANSI colour suits this writer: the process's own terminal, and NO_COLOR unset.</summary>
    public static bool UseColor(TextWriter writer, CliEnvironment? environment = null)
    {
        var isTerminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        return isTerminal && (environment ?? CliEnvironment.Process).Get("NO_COLOR") is null;
    }

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
