using System.CommandLine;
using Mesh.Cli.Connection;
using Mesh.Cli.Input;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl diff -f FILE|DIR [--prune]</c>: what an apply would change, as unified diffs of the HCL. Exits 1 when something would change.</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var files = BundleOptions.Files();
        var vars = BundleOptions.Variables();
        var varFiles = BundleOptions.VariableFiles();
        var prune = new Option<bool>("--prune") { Description = "Show the deletions an apply with --prune would make." };

        var command = new Command("diff", "Show what applying the rules would change.") { files, vars, varFiles, prune };
        command.SetAction((parse, cancellationToken) => ControllerCall.RunAsync(parse, environment, stderr, async client =>
        {
            var request = BundleOptions.BuildRequest(parse, files, vars, varFiles) with { DryRun = true, Prune = parse.GetValue(prune) };
            if (await LocalCheckFailsAsync(request, stderr).ConfigureAwait(false))
            {
                return ExitCodes.InvalidInput;
            }

            var response = await client.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
            await DiagnosticsOutput.WriteAsync(stderr, response.Diagnostics).ConfigureAwait(false);

            var changed = false;
            foreach (var change in response.Changes)
            {
                if (change.Action == ChangeAction.Unchanged)
                {
                    continue;
                }

                changed = true;
                var label = $"{change.Kind}/{change.Name}";
                await stdout.WriteAsync(UnifiedDiff.Render(
                    change.Action == ChangeAction.Create ? "/dev/null" : $"stored/{label}",
                    change.Action == ChangeAction.Delete ? "/dev/null" : $"bundle/{label}",
                    change.Before ?? string.Empty,
                    change.After ?? string.Empty)).ConfigureAwait(false);
            }

            return changed ? ExitCodes.DiffFound : ExitCodes.Success;
        }));
        return command;
    }

    // The same validation the controller runs, done here first so a typo costs no round trip and names the line.
    private static async Task<bool> LocalCheckFailsAsync(ApplyRequest request, TextWriter stderr)
    {
        var local = LocalBundle.Check(request);
        if (!local.HasErrors)
        {
            return false;
        }

        await LocalDiagnostics.WriteAsync(stderr, local.Diagnostics, local.SourceOf).ConfigureAwait(false);
        await stderr.WriteLineAsync("The rules are not valid; nothing was sent to the controller.").ConfigureAwait(false);
        return true;
    }
}
