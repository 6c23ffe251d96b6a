using System.CommandLine;
using System.Text.Json;
using Mesh.Cli.Connection;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;
using Spectre.Console;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl get [KIND [NAME]] [-o table|hcl|json]</c>: the stored desired state.</summary>
internal static class GetCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var kind = new Argument<string?>("kind") { Description = "A resource kind (virtual_service, vs, destination_rule, dr, ...).", Arity = ArgumentArity.ZeroOrOne };
        var name = new Argument<string?>("name") { Description = "A resource name.", Arity = ArgumentArity.ZeroOrOne };
        var output = OutputFormat.Create("table", "table", "hcl", "json");

        var command = new Command("get", "Show stored resources.") { kind, name, output };
        command.SetAction((parse, cancellationToken) => ControllerCall.RunAsync(parse, environment, stderr, async client =>
        {
            var kindValue = parse.GetValue(kind) is { } k ? ResourceKinds.Canonical(k) : null;
            var resources = await client.GetAsync(kindValue, parse.GetValue(name), cancellationToken).ConfigureAwait(false);
            switch (parse.GetValue(output))
            {
                case "json":
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(resources, ControllerApiJsonContext.Default.IReadOnlyListResourceView)).ConfigureAwait(false);
                    break;
                case "hcl":
                    for (var i = 0; i < resources.Count; i++)
                    {
                        await stdout.WriteAsync((i == 0 ? string.Empty : "\n") + resources[i].Hcl).ConfigureAwait(false);
                    }

                    break;
                default:
                    var table = new Table().Border(TableBorder.None).AddColumns("KIND", "NAME", "ACCEPTED", "FINDINGS", "GENERATION");
                    foreach (var r in resources)
                    {
                        table.AddRow(
                            Markup.Escape(r.Kind),
                            Markup.Escape(r.Name),
                            r.Status is null ? "pending" : r.Status.Accepted ? "yes" : "no",
                            (r.Status?.Findings.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            r.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    TerminalOutput.Create(stdout, environment).Write(table);
                    break;
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
