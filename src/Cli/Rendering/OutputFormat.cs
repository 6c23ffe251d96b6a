using System.CommandLine;

namespace Mesh.Cli.Rendering;

/// <summary>The <c>-o</c> option: how a command prints its result. JSON output writes only JSON to stdout.</summary>
internal static class OutputFormat
{
    public static Option<string> Create(string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", formats)}.",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }
}
