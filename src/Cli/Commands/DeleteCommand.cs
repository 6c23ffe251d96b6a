using System.CommandLine;
using Mesh.Cli.Connection;
using Mesh.Cli.Rendering;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl delete KIND NAME [--dry-run]</c>: remove one resource from the desired state.</summary>
internal static class DeleteCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var kind = new Argument<string>("kind") { Description = "The resource kind." };
        var name = new Argument<string>("name") { Description = "The resource name." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be deleted; delete nothing." };

        var command = new Command("delete", "Delete a resource.") { kind, name, dryRun };
        command.SetAction((parse, cancellationToken) => ControllerCall.RunAsync(parse, environment, stderr, async client =>
        {
            var response = await client.DeleteAsync(ResourceKinds.Canonical(parse.GetValue(kind)!), parse.GetValue(name)!, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
            await ApplyCommand.WritePlanAsync(stdout, response).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
