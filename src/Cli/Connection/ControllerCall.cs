using System.CommandLine;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;

namespace Mesh.Cli.Connection;

/// <summary>Runs one call to the controller and turns its failures into clear messages and named exit codes.</summary>
internal static class ControllerCall
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        CliEnvironment environment,
        TextWriter stderr,
        Func<ControllerClient, Task<int>> call)
    {
        ControllerConnection connection;
        try
        {
            connection = ControllerConnection.Resolve(parse, environment);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var client = connection.CreateClient();
        try
        {
            return await call(client).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ControllerUnreachableException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Is mesh-controller running? Set the address with --addr or MESH_ADDR.").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (ControllerUnauthorizedException e)
        {
            await stderr.WriteLineAsync($"Error: the controller refused the token: {e.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Pass the token with --token, MESH_TOKEN or MESH_TOKEN_FILE.").ConfigureAwait(false);
            return ExitCodes.Unauthorized;
        }
        catch (ControllerConflictException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Another change was committed first and nothing of yours was stored; run the command again.").ConfigureAwait(false);
            return ExitCodes.Conflict;
        }
        catch (ControllerNotFoundException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }
        catch (ControllerRejectedException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            await DiagnosticsOutput.WriteAsync(stderr, e.Diagnostics).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (ControllerApiException e)
        {
            await stderr.WriteLineAsync($"Error: the controller answered {(e.Status is { } s ? (int)s : 0)}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
    }
}
