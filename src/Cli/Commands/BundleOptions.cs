using System.CommandLine;
using Mesh.Cli.Input;
using Mesh.ControllerApi;

namespace Mesh.Cli.Commands;

/// <summary>The options that name a rules bundle: files or directories and variable overrides.</summary>
internal static class BundleOptions
{
    public static Option<string[]> Files() => new("--filename", "-f")
    {
        Description = "A rules file or a directory of .hcl and .hcl.json files (repeatable).",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>For local commands: files may be given as arguments or with -f, so -f is optional there.</summary>
    public static Option<string[]> OptionalFiles() => new("--filename", "-f")
    {
        Description = "A rules file or a directory of .hcl and .hcl.json files (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Argument<string[]> Paths() => new("path")
    {
        Description = "Rules files or directories.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string[]> Variables() => new("--var")
    {
        Description = "Set a variable: name=value (repeatable).",
    };

    public static Option<string[]> VariableFiles() => new("--var-file")
    {
        Description = "Read variable values from a .hcl or .hcl.json file (repeatable).",
    };

    public static ApplyRequest BuildRequest(ParseResult parse, Option<string[]> files, Argument<string[]> paths, Option<string[]> vars, Option<string[]> varFiles)
    {
        var all = (parse.GetValue(paths) ?? []).Concat(parse.GetValue(files) ?? []).ToArray();
        if (all.Length == 0)
        {
            throw new CliUsageException("Name the rules: meshctl <command> FILE|DIR... (or -f FILE|DIR).");
        }

        return BuildRequest(parse, all, vars, varFiles);
    }

    public static ApplyRequest BuildRequest(ParseResult parse, Option<string[]> files, Option<string[]> vars, Option<string[]> varFiles)
        => BuildRequest(parse, parse.GetValue(files) ?? [], vars, varFiles);

    private static ApplyRequest BuildRequest(ParseResult parse, string[] paths, Option<string[]> vars, Option<string[]> varFiles)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in parse.GetValue(vars) ?? [])
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--var \"{assignment}\" is not name=value.");
            }

            variables[assignment[..equals]] = assignment[(equals + 1)..];
        }

        return new ApplyRequest
        {
            Files = RuleSources.Read(paths),
            Variables = variables,
            VariableFiles = (parse.GetValue(varFiles) ?? []).Select(RuleSources.Load).ToList(),
        };
    }
}
