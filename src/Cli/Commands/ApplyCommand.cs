using System.CommandLine;
using System.Text.Json;
using Mesh.Cli.Connection;
using Mesh.Cli.Input;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl apply -f FILE|DIR [--dry-run] [--prune]</c>: store a bundle of rules as the desired state, all or nothing.</summary>
internal static class ApplyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var files = BundleOptions.Files();
        var vars = BundleOptions.Variables();
        var varFiles = BundleOptions.VariableFiles();
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and print the plan; store nothing." };
        var prune = new Option<bool>("--prune") { Description = "Delete stored resources that the bundle does not contain." };
        var output = OutputFormat.Create("text", "text", "json");

        var command = new Command("apply", "Apply rules to the mesh: validate, then store them in one transaction.")
        {
            files, vars, varFiles, dryRun, prune, output,
        };
        command.SetAction((parse, cancellationToken) => ControllerCall.RunAsync(parse, environment, stderr, async client =>
        {
            var request = BundleOptions.BuildRequest(parse, files, vars, varFiles) with
            {
                DryRun = parse.GetValue(dryRun),
                Prune = parse.GetValue(prune),
            };
            if (await LocalCheckFailsAsync(request, stderr).ConfigureAwait(false))
            {
                return ExitCodes.InvalidInput;
            }

            var response = await client.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(response, ControllerApiJsonContext.Default.ApplyResponse)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await DiagnosticsOutput.WriteAsync(stderr, response.Diagnostics).ConfigureAwait(false);
            await WritePlanAsync(stdout, response).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static async Task WritePlanAsync(TextWriter stdout, ApplyResponse response)
    {
        var suffix = response.DryRun ? " (dry run)" : string.Empty;
        foreach (var change in response.Changes)
        {
            var verb = change.Action switch
            {
                ChangeAction.Create => "created",
                ChangeAction.Update => "changed",
                ChangeAction.Unchanged => "unchanged",
                _ => "deleted",
            };
            await stdout.WriteLineAsync($"{change.Kind}/{change.Name} {verb}{suffix}").ConfigureAwait(false);
        }

        int Count(ChangeAction a) => response.Changes.Count(c => c.Action == a);
        var head = response.DryRun ? "Plan" : $"Applied generation {response.Generation}";
        await stdout.WriteLineAsync(
            $"{head}: {Count(ChangeAction.Create)} created, {Count(ChangeAction.Update)} changed, {Count(ChangeAction.Unchanged)} unchanged, {Count(ChangeAction.Delete)} deleted.").ConfigureAwait(false);
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
