using System.CommandLine;
using Mesh.Cli.Input;
using Mesh.Cli.Rendering;
using Mesh.Hcl;
using Mesh.Hcl.Formatting;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl fmt [PATH...] [--check] [--diff] [--recursive]</c>: rewrites .hcl files in the canonical layout, as
/// <c>terraform fmt</c> does. <c>-</c> formats standard input to standard output. With <c>--check</c> nothing is
/// written and the exit code is 1 when a file would change.
/// </summary>
internal static class FmtCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or directories (default: the current directory); - for standard input.", Arity = ArgumentArity.ZeroOrMore };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when a file is not formatted." };
        var diff = new Option<bool>("--diff") { Description = "Show the changes as unified diffs." };
        var recursive = new Option<bool>("--recursive") { Description = "Also format files in subdirectories." };
        var command = new Command("fmt", "Rewrite rule files in the canonical format.") { paths, check, diff, recursive };
        command.SetAction((parse, cancellationToken) => LocalCall.RunAsync(stderr, async () =>
        {
            var targets = parse.GetValue(paths) is { Length: > 0 } given ? given : ["."];
            if (targets is ["-"])
            {
                return await FormatStdinAsync(stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            var files = new List<string>();
            foreach (var target in targets)
            {
                if (Directory.Exists(target))
                {
                    var option = parse.GetValue(recursive) ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
                    files.AddRange(Directory.EnumerateFiles(target, "*.hcl", option).Order(StringComparer.Ordinal));
                }
                else if (File.Exists(target))
                {
                    files.Add(target);
                }
                else
                {
                    throw new CliUsageException($"\"{target}\" is neither a file nor a directory.");
                }
            }

            var exit = ExitCodes.Success;
            foreach (var path in files)
            {
                var source = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                var parsed = HclParser.ParseFile(source, path);
                if (parsed.Diagnostics.HasErrors)
                {
                    await LocalDiagnostics.WriteAsync(stderr, parsed.Diagnostics, p => p == path ? source : null).ConfigureAwait(false);
                    exit = ExitCodes.InvalidInput;
                    continue;
                }

                var formatted = HclFormatter.Format(source);
                if (string.Equals(formatted, source, StringComparison.Ordinal))
                {
                    continue;
                }

                await stdout.WriteLineAsync(path).ConfigureAwait(false);
                if (parse.GetValue(diff))
                {
                    await stdout.WriteAsync(UnifiedDiff.Render($"old/{path}", $"new/{path}", source, formatted)).ConfigureAwait(false);
                }

                if (parse.GetValue(check))
                {
                    exit = ExitCodes.InvalidInput;
                }
                else
                {
                    await File.WriteAllTextAsync(path, formatted, cancellationToken).ConfigureAwait(false);
                }
            }

            return exit;
        }));
        return command;
    }

    private static async Task<int> FormatStdinAsync(TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var source = await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var parsed = HclParser.ParseFile(source, "<stdin>");
        if (parsed.Diagnostics.HasErrors)
        {
            await LocalDiagnostics.WriteAsync(stderr, parsed.Diagnostics, _ => source).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await stdout.WriteAsync(HclFormatter.Format(source)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
