using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Input;
using Mesh.Cli.Rendering;
using Mesh.Rules.Serialization;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl convert -f FILE|DIR [-o hcl|json]</c>: rewrites rules between the native syntax and the JSON syntax
/// (<c>.hcl.json</c>), through the rule model, so the output is canonical. Variables and locals are resolved in the
/// output; a note on stderr says so.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = BundleOptions.OptionalFiles();
        var paths = BundleOptions.Paths();
        var vars = BundleOptions.Variables();
        var varFiles = BundleOptions.VariableFiles();
        var output = OutputFormat.Create("json", "json", "hcl");
        output.Aliases.Add("--to");
        var command = new Command("convert", "Convert rules between HCL and JSON syntax.") { paths, files, vars, varFiles, output };
        command.SetAction((parse, cancellationToken) => LocalCall.RunAsync(stderr, async () =>
        {
            var request = BundleOptions.BuildRequest(parse, files, paths, vars, varFiles);
            var local = LocalBundle.Check(request);
            if (local.HasErrors)
            {
                await LocalDiagnostics.WriteAsync(stderr, local.Diagnostics, local.SourceOf).ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            var resources = local.Bundle.Rules.Resources;
            if (parse.GetValue(output) == "hcl")
            {
                await stdout.WriteAsync(ResourceHclWriter.Write(resources)).ConfigureAwait(false);
            }
            else
            {
                var document = new JsonObject();
                foreach (var resource in resources)
                {
                    var single = JsonNode.Parse(ResourceJson.Serialize(resource))!.AsObject();
                    foreach (var (kind, byName) in single)
                    {
                        if (document[kind] is not JsonObject existing)
                        {
                            document[kind] = existing = [];
                        }

                        foreach (var (name, body) in byName!.AsObject())
                        {
                            existing[name] = body!.DeepClone();
                        }
                    }
                }

                await stdout.WriteLineAsync(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            }

            if (request.Files.Any(f => f.Content.Contains("var.", StringComparison.Ordinal) || f.Content.Contains("local.", StringComparison.Ordinal)))
            {
                await stderr.WriteLineAsync("Note: variables and locals were resolved with the values given; the output holds plain values.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
