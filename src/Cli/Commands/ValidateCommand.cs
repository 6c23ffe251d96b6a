using System.CommandLine;
using System.Text;
using System.Text.Json;
using Mesh.Cli.Input;
using Mesh.Cli.Rendering;
using Mesh.Hcl.Diagnostics;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl validate -f FILE|DIR [--var ...] [-o text|json]</c>: checks rules on this machine, no controller needed.
/// Exits 1 when there are errors; warnings alone pass. <c>-o json</c> prints HashiCorp-style diagnostics for tooling.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = BundleOptions.OptionalFiles();
        var paths = BundleOptions.Paths();
        var vars = BundleOptions.Variables();
        var varFiles = BundleOptions.VariableFiles();
        var output = OutputFormat.Create("text", "text", "json");
        var command = new Command("validate", "Check rules for mistakes without applying them.") { paths, files, vars, varFiles, output };
        command.SetAction((parse, cancellationToken) => LocalCall.RunAsync(stderr, async () =>
        {
            var request = BundleOptions.BuildRequest(parse, files, paths, vars, varFiles);
            var local = LocalBundle.Check(request);
            var errors = local.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            var warnings = local.Diagnostics.Count - errors;
            if (parse.GetValue(output) == "json")
            {
                await stdout.WriteLineAsync(ToJson(local, errors, warnings)).ConfigureAwait(false);
                return errors > 0 ? ExitCodes.InvalidInput : ExitCodes.Success;
            }

            await LocalDiagnostics.WriteAsync(stderr, local.Diagnostics, local.SourceOf).ConfigureAwait(false);
            if (errors > 0)
            {
                await stderr.WriteLineAsync($"{errors} error(s), {warnings} warning(s): the rules are not valid.").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            var count = local.Bundle.Rules.Resources.Count;
            await stdout.WriteLineAsync($"Success! {count} resource(s) in {request.Files.Count} file(s) are valid{(warnings > 0 ? $", with {warnings} warning(s)" : "")}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string ToJson(LocalBundle local, int errors, int warnings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", errors == 0);
            writer.WriteNumber("error_count", errors);
            writer.WriteNumber("warning_count", warnings);
            writer.WriteNumber("resource_count", local.Bundle.Rules.Resources.Count);
            writer.WritePropertyName("diagnostics");
            DiagnosticJsonRenderer.Write(local.Diagnostics, writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
